import type { Element } from '@xmldom/xmldom';
import { attr, child, children, inNs, NS, text } from './xml.js';

/**
 * RFC 5732 host objects, for registries whose domains name nameservers as hostObj: a host must exist
 * before a domain names it, and a host inside a domain of this registry (ns1.example.fi for a .fi
 * registry) needs its glue addresses and can only be made once that domain exists (section 3.2.1).
 */

const h = inNs(NS.host);
const epp = inNs(NS.epp);

export function checkHosts(names: string[]) {
  return epp('check', h('check', names.map((n) => h('name', n))));
}

export function readHostCheck(resData: Element | undefined): Map<string, boolean> {
  return new Map(children(child(resData, NS.host, 'chkData'), NS.host, 'cd').map((cd) => {
    const name = child(cd, NS.host, 'name');
    return [text(name).toLowerCase(), attr(name, 'avail') === '1' || attr(name, 'avail') === 'true'];
  }));
}

export function createHost(name: string, addrs: string[]) {
  return epp('create', h('create', h('name', name), addrs.map((a) => h('addr', { ip: a.includes(':') ? 'v6' : 'v4' }, a))));
}

export function deleteHost(name: string) {
  return epp('delete', h('delete', h('name', name)));
}

/** Whether `host` lies inside `domain` (and so needs glue, and the domain first). */
export function isSubordinate(host: string, domain: string): boolean {
  return host.toLowerCase().endsWith(`.${domain.toLowerCase()}`);
}
