import { RESULT_MESSAGES, type Answer, type EppError } from './result.js';
import { NS, serialize, x, type XNode } from './xml.js';

/** The services this registry offers: the greeting announces them, login may only pick among them. */
export const OBJECT_URIS = [NS.domain, NS.host, NS.contact];
export const EXTENSION_URIS = [NS.rgp, NS.secDNS, NS.identity];

/** RFC 5730 section 2.4. */
export function renderGreeting(serverId: string, now: Date): string {
  return serialize(x('epp', null, x('greeting', null,
    x('svID', null, serverId),
    x('svDate', null, now.toISOString()),
    x('svcMenu', null,
      x('version', null, '1.0'),
      x('lang', null, 'en'),
      ...OBJECT_URIS.map((u) => x('objURI', null, u)),
      x('svcExtension', null, ...EXTENSION_URIS.map((u) => x('extURI', null, u)))),
    // Data collection policy: what a registry publishes about the personal data it keeps.
    x('dcp', null,
      x('access', null, x('all')),
      x('statement', null,
        x('purpose', null, x('admin'), x('prov')),
        x('recipient', null, x('ours'), x('public')),
        x('retention', null, x('stated')))))));
}

/** RFC 5730 section 2.6: result, msgQ, resData, extension, trID, in that order. */
export function renderResponse(answer: Answer, trID: { clTRID?: string; svTRID: string }, error?: EppError): string {
  const result = x('result', { code: answer.code },
    x('msg', null, answer.msg ?? RESULT_MESSAGES[answer.code] ?? 'Command failed'),
    error?.reason !== undefined && x('extValue', null,
      // <value> must hold an element (errValueType); <epp:undef/> stands for "no one element", as in RFC 5730's examples.
      x('value', null, error.value ?? x('undef')),
      x('reason', null, error.reason)));
  const q = answer.msgQ;
  const msgQ: XNode | undefined = q && x('msgQ', { count: q.count, id: q.id },
    q.qDate && x('qDate', null, q.qDate.toISOString()),
    q.msg !== undefined && x('msg', null, q.msg));
  return serialize(x('epp', null, x('response', null,
    result,
    msgQ,
    answer.resData && x('resData', null, answer.resData),
    answer.extension?.length ? x('extension', null, ...answer.extension) : undefined,
    x('trID', null, trID.clTRID !== undefined && x('clTRID', null, trID.clTRID), x('svTRID', null, trID.svTRID)))));
}
