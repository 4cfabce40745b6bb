import type { Ctx } from '../context.js';
import type { Domain, Store, Zone } from '../../ports/store.js';
import { applyPlan } from './apply-plan.js';
import { createZone } from './create-zone.js';
import { answeredByUs, normalizeHost } from './nameservers.js';
import type { Plan } from './plan-change.js';

/**
 * Keeps a domain's zone in step with its delegation, for the name servers endpoints to call (on `tx`,
 * in the transaction that stores the new list). When the domain moves to our name servers, or to the
 * park servers, it gets a zone (createZone, idempotent) and the apex NS records become exactly
 * `nameservers`, with a serial bump when they change. A zone whose apex NS are the park servers is
 * parked: the DNS server answers its apex and www with the web forwarder (servers/dns/web-forward.ts),
 * and its other records wait for the customer's return. When it moves away, the zone and its records
 * are kept untouched: they serve nothing meanwhile, and a customer who comes back finds them again.
 * Returns the zone, if any.
 */
export async function syncApexNameservers(tx: Store, ctx: Ctx, domain: Domain, nameservers: string[]): Promise<Zone | undefined> {
  const existing = await tx.zones.findByDomainId(domain.id);
  if (!answeredByUs(ctx.settings, nameservers)) return existing;
  if (!existing) return createZone(tx, ctx, domain, nameservers);

  const wanted = [...new Set(nameservers.map(normalizeHost))];
  const apexNs = (await tx.records.listByZone(existing.id)).filter((r) => r.type === 'NS' && r.name === existing.name);
  const plan: Plan = {
    zone: existing,
    adds: wanted
      .filter((ns) => !apexNs.some((r) => r.content === ns))
      .map((ns) => ({
        name: existing.name, type: 'NS', content: ns, ttl: existing.default_ttl, priority: null, weight: null,
        port: null, service: null, proto: null, redirect_type: null, fallback_ip: null,
      })),
    updates: [],
    deletes: apexNs.filter((r) => !wanted.includes(r.content)).map((r) => r.id),
  };
  const primary = wanted[0]!;
  if (plan.adds.length === 0 && plan.deletes.length === 0 && existing.primary_ns === primary) return existing;
  // The SOA's primary follows the first name server; applyPlan bumps the serial for both changes.
  if (existing.primary_ns !== primary) await tx.zones.update(existing.id, { primary_ns: primary });
  await applyPlan(tx, ctx, plan);
  return tx.zones.findById(existing.id);
}
