import type { ActorKind } from '../../ports/store/events.js';

/**
 * Who is acting, and from where: what every event is written with. Set once where a request or a run
 * begins (an API's hook after authentication, the panel's after its session, the CLI, the job runner
 * and the schedule), on the ctx (Ctx.actor) that request or run passes to the commands it calls, and
 * read by recordEvent; so no command's signature carries it apart from the ctx.
 */
export interface Actor {
  kind: ActorKind;
  /** The actor within its kind: an account id, a credential's visible prefix, a job kind; null when unknown. */
  id: string | null;
  requestId?: string;
  address?: string;
}

/** What nothing set: a command run from code (a test, a script) acts as the system. */
export const SYSTEM: Actor = { kind: 'system', id: null };
