import type { Element } from '@xmldom/xmldom';
import type { DsData } from '../../../ports/registry.js';
import { child, children, inNs, NS, text } from './xml.js';

/**
 * RFC 5910 secDNS-1.1, the DS data interface: DS records ride on domain:update as an extension
 * (`<secDNS:update>` with rem then add, section 5.2.5) and come back in domain:info's
 * `<secDNS:infData>`. Only offered when the registry's greeting lists secDNS-1.1.
 */

const s = inNs(NS.secDNS);

const dsData = (ds: DsData) => s('dsData',
  s('keyTag', String(ds.keyTag)),
  s('alg', String(ds.algorithm)),
  s('digestType', String(ds.digestType)),
  s('digest', ds.digest.toUpperCase()));

export const sameDs = (a: DsData, b: DsData) =>
  a.keyTag === b.keyTag && a.algorithm === b.algorithm && a.digestType === b.digestType && a.digest.toLowerCase() === b.digest.toLowerCase();

/** The extension that turns `current` into `wanted`: rem of what goes (all, when nothing stays), add of what comes. */
export function dsUpdate(current: DsData[], wanted: DsData[]) {
  const rem = current.filter((c) => !wanted.some((w) => sameDs(c, w)));
  const add = wanted.filter((w) => !current.some((c) => sameDs(c, w)));
  if (!rem.length && !add.length) return undefined;
  return s('update',
    rem.length ? s('rem', wanted.length === 0 ? s('all', 'true') : rem.map(dsData)) : undefined,
    add.length ? s('add', add.map(dsData)) : undefined);
}

export function readDs(extension: Element | undefined): DsData[] {
  return children(child(extension, NS.secDNS, 'infData'), NS.secDNS, 'dsData').map((d) => ({
    keyTag: Number(text(child(d, NS.secDNS, 'keyTag'))),
    algorithm: Number(text(child(d, NS.secDNS, 'alg'))),
    digestType: Number(text(child(d, NS.secDNS, 'digestType'))),
    digest: text(child(d, NS.secDNS, 'digest')),
  }));
}
