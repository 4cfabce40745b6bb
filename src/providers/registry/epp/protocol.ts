import type { Element } from '@xmldom/xmldom';
import { attr, child, children, eppDocument, inNs, NS, parseXml, path, text, XmlError, type XmlNode } from './xml.js';
import type { EppGreeting } from './settings.js';

/**
 * RFC 5730's envelope: commands wrapped with their extensions and clTRID, and the two things a server
 * sends, a greeting (section 2.4) and a response (section 2.6), read into plain objects.
 */

const e = inNs(NS.epp);

/** `<command>`: the verb element (e.g. `<check>` holding `<domain:check>`), extensions, then the clTRID (schema order). */
export function commandXml(verb: XmlNode, extensions: XmlNode[], clTRID: string): string {
  return eppDocument(e('command', verb, extensions.length ? e('extension', extensions) : undefined, e('clTRID', clTRID)));
}

/** `<hello/>`: answered by a greeting; what keeps an idle session alive. */
export function helloXml(): string {
  return eppDocument(e('hello'));
}

/** A greeting as `registries test` shows it, plus what the client needs of the data collection policy. */
export interface Greeting extends EppGreeting {
  /** The dcp's access value (all, none, null, personal, personalAndOther, other), when given. */
  dcpAccess?: string;
}

export function parseGreeting(xml: string): Greeting {
  const root = eppRoot(xml);
  const greeting = child(root, NS.epp, 'greeting');
  if (!greeting) throw new XmlError('expected an EPP greeting');
  const menu = child(greeting, NS.epp, 'svcMenu');
  const access = path(greeting, NS.epp, 'dcp', 'access');
  const accessValue = access && children(access, NS.epp)[0]?.localName;
  return {
    serverId: text(child(greeting, NS.epp, 'svID')),
    serverDate: text(child(greeting, NS.epp, 'svDate')),
    versions: children(menu, NS.epp, 'version').map(text),
    languages: children(menu, NS.epp, 'lang').map(text),
    objects: children(menu, NS.epp, 'objURI').map(text),
    extensions: children(child(menu, NS.epp, 'svcExtension'), NS.epp, 'extURI').map(text),
    ...(accessValue ? { dcpAccess: accessValue } : {}),
  };
}

export interface EppResult {
  code: number;
  msg: string;
  /** The reasons of extValue elements (RFC 5730 section 2.6): why the server refused, in its words. */
  reasons: string[];
}

export interface EppMessageQueue {
  count: number;
  id: string;
  qDate?: string;
  msg?: string;
}

export interface EppResponse {
  /** The first result's code: 1xxx success, 2xxx failure. */
  code: number;
  msg: string;
  results: EppResult[];
  resData?: Element;
  extension?: Element;
  msgQ?: EppMessageQueue;
  clTRID?: string;
  svTRID: string;
}

export function parseResponse(xml: string): EppResponse {
  const root = eppRoot(xml);
  const response = child(root, NS.epp, 'response');
  if (!response) throw new XmlError('expected an EPP response');
  const results = children(response, NS.epp, 'result').map((r): EppResult => ({
    code: Number(attr(r, 'code')),
    msg: text(child(r, NS.epp, 'msg')),
    reasons: children(r, NS.epp, 'extValue').map((v) => text(child(v, NS.epp, 'reason'))).filter(Boolean),
  }));
  const first = results[0];
  if (!first || !Number.isInteger(first.code)) throw new XmlError('an EPP response without a result code');
  const q = child(response, NS.epp, 'msgQ');
  const trID = child(response, NS.epp, 'trID');
  const clTRID = text(child(trID, NS.epp, 'clTRID'));
  return {
    code: first.code,
    msg: first.msg,
    results,
    resData: child(response, NS.epp, 'resData'),
    extension: child(response, NS.epp, 'extension'),
    ...(q ? {
      msgQ: {
        count: Number(attr(q, 'count') ?? 0),
        id: attr(q, 'id') ?? '',
        ...(child(q, NS.epp, 'qDate') ? { qDate: text(child(q, NS.epp, 'qDate')) } : {}),
        ...(child(q, NS.epp, 'msg') ? { msg: text(child(q, NS.epp, 'msg')) } : {}),
      },
    } : {}),
    ...(clTRID ? { clTRID } : {}),
    svTRID: text(child(trID, NS.epp, 'svTRID')),
  };
}

function eppRoot(xml: string): Element {
  const root = parseXml(xml);
  if (root.namespaceURI !== NS.epp || root.localName !== 'epp') throw new XmlError(`not an EPP document: <${root.tagName}>`);
  return root;
}
