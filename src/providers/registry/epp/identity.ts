import type { Element } from '@xmldom/xmldom';
import type { RegistrantSnapshot } from '../../../ports/registry.js';
import { child, inNs, text, type XmlNode } from './xml.js';

/**
 * Where a registrant's identity number or business id goes. RFC 5733 has no place for it; each
 * registry that wants one (.fi, .eu, .be) defines a contact extension of its own. This client speaks
 * one of that pattern, `identity-1.0`: `<identity:create|update><identity:number>` in the extension
 * of contact:create and contact:update, `<identity:infData>` in contact:info's answer. It is sent only
 * when the registry's greeting offers it (a registry without it is sent no identity number); another
 * registry's extension is one more builder here.
 */
export const IDENTITY_NS = 'urn:x-test-registry:identity-1.0';

const i = inNs(IDENTITY_NS);

export function identityExtension(r: RegistrantSnapshot, op: 'create' | 'update', offered: string[]): XmlNode[] {
  if (!r.identityNumber || !offered.includes(IDENTITY_NS)) return [];
  return [i(op, i('number', r.identityNumber))];
}

export function readIdentity(extension: Element | undefined): string | undefined {
  const inf = child(extension, IDENTITY_NS, 'infData');
  return inf ? text(child(inf, IDENTITY_NS, 'number')) : undefined;
}
