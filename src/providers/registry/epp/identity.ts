import type { Element } from '@xmldom/xmldom';
import type { RegistrantSnapshot } from '../../../ports/registry.js';
import type { XmlNode } from './xml.js';

/**
 * Where a registrant's identity number or business id goes at the registry. RFC 5733 has no place
 * for it; registries that need it (.fi) carry it in an extension of their own. Until the registry's
 * extension is settled this sends none.
 */
export function identityExtension(_r: RegistrantSnapshot, _op: 'create' | 'update'): XmlNode[] {
  return [];
}

export function readIdentity(_extension: Element | undefined): string | undefined {
  return undefined;
}
