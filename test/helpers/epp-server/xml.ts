import { DOMImplementation, DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

/**
 * XML in and out through @xmldom/xmldom: a namespace-aware W3C DOM (getElementsByTagNameNS,
 * namespaceURI on every node), small, with no native parts and types included. The server reads
 * commands by namespace URI, never by prefix, since a client may bind any prefix (or none) to a
 * namespace; and it writes answers through the DOM so that escaping is the serializer's job.
 */
export const NS = {
  epp: 'urn:ietf:params:xml:ns:epp-1.0',
  eppcom: 'urn:ietf:params:xml:ns:eppcom-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  rgp: 'urn:ietf:params:xml:ns:rgp-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
  identity: 'urn:x-test-registry:identity-1.0',
} as const;

export type Prefix = keyof typeof NS;

export function parseXml(xml: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => { if (level !== 'warning') errors.push(message); },
  }).parseFromString(xml, 'text/xml');
  if (errors.length) throw new Error(errors.join('; '));
  return doc;
}

/** Element children of `el`, optionally only those in namespace `ns` named `local`. */
export function children(el: Element, ns?: string, local?: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (ns !== undefined && e.namespaceURI !== ns) continue;
    if (local !== undefined && e.localName !== local) continue;
    out.push(e);
  }
  return out;
}

export function child(el: Element | undefined, ns: string, local: string): Element | undefined {
  return el ? children(el, ns, local)[0] : undefined;
}

/** Whitespace-collapsed text, as XML Schema's token type reads it. */
export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function childText(el: Element | undefined, ns: string, local: string): string | undefined {
  return text(child(el, ns, local));
}

/** A node of an answer: `prefix:name`, attributes, and text or children. */
export interface XNode {
  name: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  text?: string;
  children?: Array<XNode | undefined | false>;
}

/** Builds an answer node; undefined and false children are left out, so optional elements read inline. */
export function x(name: string, attrs?: XNode['attrs'] | null, ...content: Array<XNode | string | undefined | false>): XNode {
  const node: XNode = { name };
  if (attrs) node.attrs = attrs;
  const kids = content.filter((c): c is XNode | string => c !== undefined && c !== false);
  if (kids.length === 1 && typeof kids[0] === 'string') node.text = kids[0];
  else node.children = kids.map((k) => (typeof k === 'string' ? { name: '#text', text: k } : k));
  return node;
}

/** Serializes an answer rooted at an <epp> node; `prefix:name` nodes are in NS[prefix], others in EPP's. */
export function serialize(root: XNode): string {
  const doc = new DOMImplementation().createDocument(NS.epp, 'epp', null);
  const epp = doc.documentElement!;
  const build = (parent: Element, node: XNode) => {
    if (node.name === '#text') { parent.appendChild(doc.createTextNode(node.text ?? '')); return; }
    const [prefix, local] = node.name.includes(':') ? node.name.split(':') as [Prefix, string] : [undefined, node.name];
    const uri = prefix ? NS[prefix] : NS.epp;
    if (!uri) throw new Error(`unknown namespace prefix in ${node.name}`);
    // The serializer declares each prefix where it is first used (and not again below it).
    const el = doc.createElementNS(uri, prefix ? `${prefix}:${local}` : local);
    for (const [k, v] of Object.entries(node.attrs ?? {})) {
      if (v !== undefined) el.setAttribute(k, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
    }
    if (node.text !== undefined) el.appendChild(doc.createTextNode(node.text));
    for (const c of node.children ?? []) if (c) build(el, c);
    parent.appendChild(el);
  };
  for (const c of root.children ?? []) if (c) build(epp, c);
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>${new XMLSerializer().serializeToString(doc)}`;
}

/** An element of the command echoed back (for <extValue><value>), under this registry's own prefix. */
export function echo(el: Element): XNode {
  const prefix = (Object.keys(NS) as Prefix[]).find((p) => NS[p] === el.namespaceURI);
  const attrs: Record<string, string> = {};
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (!a.name.startsWith('xmlns')) attrs[a.localName ?? a.name] = a.value;
  }
  return x(prefix && prefix !== 'epp' ? `${prefix}:${el.localName}` : el.localName ?? el.tagName, attrs, text(el) ?? '');
}
