import type { Store } from '../../ports/store.js';
import type { FieldErrorCollector } from '../errors.js';

/** Whether nameserver `host` lies inside `fqdn` itself (ns1.example.fi for example.fi): it needs glue. */
export const insideDomain = (host: string, fqdn: string): boolean => host === fqdn || host.endsWith(`.${fqdn}`);

/**
 * The addresses (glue) of the nameservers inside `fqdn`: the A and AAAA records of each such host name
 * in the name's zone here, when we host it. A registry needs them to publish a delegation to a
 * nameserver whose own name is under the delegation (RFC 5731 section 1.1, RFC 5732 host:create).
 * Nameservers outside the name get none; one inside without records here is left out (see checkGlue).
 */
export async function glueOf(store: Store, fqdn: string, nameservers: string[]): Promise<Record<string, string[]> | undefined> {
  const inside = nameservers.filter((ns) => insideDomain(ns, fqdn));
  if (inside.length === 0) return undefined;
  const zone = await store.zones.findByName(fqdn);
  if (!zone) return undefined;
  const records = await store.records.listForPlan(zone.id, { ids: [], names: inside });
  const glue: Record<string, string[]> = {};
  for (const r of records) {
    if ((r.type === 'A' || r.type === 'AAAA') && inside.includes(r.name)) (glue[r.name] ??= []).push(r.content);
  }
  return Object.keys(glue).length > 0 ? glue : undefined;
}

/**
 * Refuses, per field, a nameserver inside `fqdn` that has no addresses here (no A or AAAA record of
 * that host name in the name's zone, or no zone): the registry could not publish it, and a delegation
 * to it would never resolve. `fieldOf(i)` names the field of nameservers[i] in the caller's API.
 * Returns the glue for the registry.
 */
export async function checkGlue(
  store: Store, fqdn: string, nameservers: string[], errors: FieldErrorCollector, fieldOf: (index: number) => string,
): Promise<Record<string, string[]> | undefined> {
  const glue = await glueOf(store, fqdn, nameservers);
  nameservers.forEach((ns, i) => {
    if (insideDomain(ns, fqdn) && !glue?.[ns]) {
      errors.add(fieldOf(i), `The ${fieldOf(i)} ${ns} is inside ${fqdn} and needs its addresses: add A or AAAA records for ${ns} to the domain's DNS zone here first, or use a nameserver outside the domain`);
    }
  });
  return glue;
}
