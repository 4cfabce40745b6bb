import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActorKind } from '../../ports/store/events.js';

/**
 * Who is acting, and from where: the context every event is written with. Set once where a request
 * or a run begins (an API's hook after authentication, the panel's after its session, the CLI, the
 * job worker) and read by recordEvent, so no command's signature carries it.
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

const storage = new AsyncLocalStorage<Actor>();

/** The actor of the current run. */
export function currentActor(): Actor {
  return storage.getStore() ?? SYSTEM;
}

/** Runs `fn` as `actor`: every event recorded within it (awaited or not) names that actor. */
export function runAs<T>(actor: Actor, fn: () => T): T {
  return storage.run(actor, fn);
}
