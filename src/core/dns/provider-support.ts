import type { Ctx } from '../context.js';
import { FieldErrorCollector } from '../errors.js';
import type { Plan } from './plan-change.js';

/** Types the store keeps that are not DNS records: the web forwarder answers them (see zoneSnapshot). */
const WEB_TYPES = ['URL', 'URLFRAME', 'FORWARD'];

/**
 * Refuses, before anything is written, the records of `plan` that the configured DNS provider would
 * leave out of the zone: a type it does not declare, or an A record's fallback_ip without the
 * 'fallback-ip' feature. A record accepted but never served would be worse than a clear 422.
 * Without a provider (a process that serves no DNS) there is nothing to check against.
 * Errors: invalid (type, fallback_ip).
 */
export function assertProviderSupports(ctx: Ctx, plan: Plan): void {
  const capabilities = ctx.dns?.capabilities;
  if (!capabilities) return;
  const errors = new FieldErrorCollector();
  for (const data of [...plan.adds, ...plan.updates.map((u) => u.data)]) {
    if (!WEB_TYPES.includes(data.type) && !capabilities.types.includes(data.type)) {
      errors.add('type', `The type ${data.type} is not served by our DNS servers (${ctx.dns!.name})`);
    }
    if (data.fallback_ip !== null && !capabilities.features.includes('fallback-ip')) {
      errors.add('fallback_ip', `A fallback_ip is not served by our DNS servers (${ctx.dns!.name})`);
    }
  }
  errors.throwIfAny();
}
