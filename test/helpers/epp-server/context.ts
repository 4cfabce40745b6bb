import type { Element } from '@xmldom/xmldom';
import type { Registry } from './registry.js';
import { EppError, type Answer } from './result.js';
import { children, NS } from './xml.js';

/** What a command handler gets: the registry, who is asking, and the command's parts. */
export interface CommandContext {
  registry: Registry;
  /** The logged-in registrar (clID). */
  registrar: string;
  /** The object element inside the verb, e.g. <domain:create>. */
  body: Element;
  /** transfer's op attribute. */
  op?: string;
  /** Extension elements of the command, checked against the services the session logged in with. */
  extensions: Element[];
  /** svTRID of this command, for panData/paTRID and logs. */
  svTRID: string;
  clTRID?: string;
  /** extURIs announced at login: answers carry extension data only in those (RFC 5730 section 2.9.1.1). */
  loginExtensions: ReadonlySet<string>;
}

export type Handler = (ctx: CommandContext) => Answer;

/** The extension element in `ns` named `local`, if the command carries one. */
export function extension(ctx: CommandContext, ns: string, local: string): Element | undefined {
  return ctx.extensions.find((e) => e.namespaceURI === ns && e.localName === local);
}

/**
 * Refuses extensions the handler does not understand for this command (2103), so that a client cannot
 * believe a registry applied something it silently ignored.
 */
export function onlyExtensions(ctx: CommandContext, allowed: Array<[string, string]>): void {
  for (const e of ctx.extensions) {
    if (!allowed.some(([ns, local]) => e.namespaceURI === ns && e.localName === local)) {
      throw new EppError(2103, `extension ${e.namespaceURI} ${e.localName} is not supported with this command`);
    }
  }
}

/** The <pw> of an authInfo element; <ext> authInfo (RFC 5731 section 2.6) is not offered here. */
export function authInfoPw(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const pw = children(el).find((c) => c.localName === 'pw');
  if (!pw) throw new EppError(2102, 'only password authInfo (<pw>) is supported');
  return pw.textContent ?? '';
}

export { NS };
