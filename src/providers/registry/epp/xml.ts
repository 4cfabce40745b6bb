import { DOMImplementation, DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

/**
 * EPP's XML, built and read through a namespace-aware DOM (@xmldom/xmldom): elements are made in their
 * namespace and the serializer declares it and escapes text and attributes, so no XML is ever put
 * together from strings; answers are read by namespace URI and local name, never by the prefix the
 * server happened to choose (RFC 5730 allows any).
 */

export const NS = {
  epp: 'urn:ietf:params:xml:ns:epp-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  rgp: 'urn:ietf:params:xml:ns:rgp-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
} as const;

/** The prefix each namespace is written with (the RFCs' examples'); the epp namespace is the default one. */
const PREFIX: Record<string, string> = {
  [NS.domain]: 'domain', [NS.host]: 'host', [NS.contact]: 'contact', [NS.rgp]: 'rgp', [NS.secDNS]: 'secDNS',
};

/** An element to be written: namespace, local name, attributes and children (absent ones skipped). */
export interface XmlNode {
  ns: string;
  name: string;
  attrs: Record<string, string>;
  children: XmlChild[];
}
export type XmlChild = XmlNode | string | undefined | false;

/** `el(NS.domain, 'name', 'example.fi')`, `el(NS.domain, 'period', { unit: 'y' }, '1')`. */
export type ElPart = XmlChild | Record<string, string | undefined> | XmlChild[];

export function el(ns: string, name: string, ...rest: ElPart[]): XmlNode {
  const node: XmlNode = { ns, name, attrs: {}, children: [] };
  for (const part of rest) {
    if (Array.isArray(part)) node.children.push(...part);
    else if (part && typeof part === 'object' && !('ns' in part && 'children' in part)) {
      for (const [k, v] of Object.entries(part)) if (v !== undefined) node.attrs[k] = v;
    } else node.children.push(part as XmlChild);
  }
  return node;
}

/** A namespace's element maker: `const d = inNs(NS.domain); d('name', 'example.fi')`. */
export const inNs = (ns: string) => (name: string, ...rest: ElPart[]): XmlNode => el(ns, name, ...rest);

/** Serializes `<epp>` holding `body` as a UTF-8 XML document. */
export function eppDocument(body: XmlNode): string {
  const doc = new DOMImplementation().createDocument(NS.epp, 'epp', null);
  doc.documentElement!.appendChild(toDom(doc, body));
  return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>${new XMLSerializer().serializeToString(doc)}`;
}

function toDom(doc: Document, node: XmlNode): Element {
  const prefix = PREFIX[node.ns];
  const element = doc.createElementNS(node.ns, prefix ? `${prefix}:${node.name}` : node.name);
  for (const [k, v] of Object.entries(node.attrs)) element.setAttribute(k, v);
  for (const child of node.children) {
    if (child === undefined || child === false) continue;
    element.appendChild(typeof child === 'string' ? doc.createTextNode(child) : toDom(doc, child));
  }
  return element;
}

export class XmlError extends Error {
  override readonly name = 'XmlError';
}

/** Parses a document; malformed XML or a DTD (EPP has none, and entities are an attack surface) is an XmlError. */
export function parseXml(xml: string): Element {
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new XmlError(msg); } }).parseFromString(xml, 'text/xml');
  } catch (e) {
    throw e instanceof XmlError ? e : new XmlError((e as Error).message);
  }
  if (doc.doctype) throw new XmlError('a document type declaration is not allowed in EPP');
  if (!doc.documentElement) throw new XmlError('no root element');
  return doc.documentElement;
}

/** The element children of `parent` in namespace `ns` named `name` (all of them when name is omitted). */
export function children(parent: Element | undefined, ns: string, name?: string): Element[] {
  const out: Element[] = [];
  if (!parent) return out;
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as Element;
    if (e.namespaceURI === ns && (name === undefined || e.localName === name)) out.push(e);
  }
  return out;
}

export function child(parent: Element | undefined, ns: string, name: string): Element | undefined {
  return children(parent, ns, name)[0];
}

/** Follows a path of local names in one namespace: `path(res, NS.epp, 'msgQ', 'msg')`. */
export function path(from: Element | undefined, ns: string, ...names: string[]): Element | undefined {
  let at = from;
  for (const name of names) at = child(at, ns, name);
  return at;
}

/** The element's text, whitespace-trimmed ('' when absent). */
export function text(e: Element | undefined): string {
  return e?.textContent?.trim() ?? '';
}

export function attr(e: Element | undefined, name: string): string | undefined {
  return e?.hasAttribute(name) ? e.getAttribute(name) ?? undefined : undefined;
}
