import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../core/dns/address-scope.js';
import type { WebhookAttemptResult, WebhookSender } from '../core/webhooks/deliver-webhook.js';
import { urlHost } from '../core/webhooks/endpoint-url.js';

/** Standard Webhooks suggests 15-30 s; a receiver should answer at once and work later, and a worker waits on each. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** What is read of a response before it is dropped: only the status counts. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The HTTP POST of a webhook attempt. The host is resolved once, here; unless allowPrivate, every
 * address it resolves to must be public (core/dns/address-scope.ts, the check the fallback_ip health
 * probe uses), or nothing is sent. The connection then goes to the address that was checked (the
 * request's `lookup` answers with it), never to a second resolution that a DNS rebinding could point
 * inside our network; TLS still verifies the certificate for the URL's name (SNI and the Host header
 * are the name). A redirect is an answer like any other non-2xx: not followed (the receiver should be
 * given its new URL instead).
 */
export const sendWebhook: WebhookSender = async (rawUrl, headers, body, { allowPrivate }) => {
  const url = new URL(rawUrl);
  const host = urlHost(url);
  let address: { address: string; family: number };
  try {
    const all = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
    if (all.length === 0) return { error: `The host ${host} has no address.` };
    const refused = allowPrivate ? undefined : all.find((a) => !isPublicAddress(a.address));
    if (refused) return { error: `Refused: ${host} resolves to ${refused.address}, which is not a public address.` };
    address = all[0]!;
  } catch (err) {
    return { error: `The host ${host} could not be resolved (${(err as { code?: string }).code ?? String(err)}).` };
  }
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookAttemptResult>((resolve) => {
    const req = send(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'hostplane-webhooks' },
      lookup: pinned,
      timeout: WEBHOOK_TIMEOUT_MS,
      // A fresh connection each time: an agent's pooled socket could have been opened to another address.
      agent: false,
    });
    // The socket's timeout is for silence; this one bounds a receiver that answers a byte at a time.
    const deadline = setTimeout(() => req.destroy(new Error(`No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.`)), WEBHOOK_TIMEOUT_MS);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.`)));
    req.on('error', (err) => resolve({ error: err.message || String(err) }));
    req.on('response', (res: IncomingMessage) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.end(body);
  });
};
