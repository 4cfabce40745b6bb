import { displayHost } from './idn-display.js';

/** The pages the web forwarder serves. Every piece of text that comes from outside is escaped. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * A host name as a visitor reads it: an IDN in its own letters (xn--mkikauppa-v2a.fi -> mäkikauppa.fi)
 * where that cannot pass for another name, in its xn-- form where it could (idn-display.ts).
 */
export const displayName = (host: string): string => displayHost(host);

export interface Page {
  status: number;
  html: string;
  /** Content-Security-Policy: the pages run no script and load nothing but what they name. */
  csp: string;
}

const PLAIN_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;font-family:system-ui,sans-serif;background:#f4f5f7;color:#222}
main{max-width:36rem;padding:2rem;text-align:center}h1{font-size:2rem;margin:0 0 1rem;overflow-wrap:anywhere}p{margin:.5rem 0;color:#555}`;

function document(title: string, body: string, head = `<style>${STYLE}</style>`): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** URLFRAME: the target in a frame filling the window, under the visitor's own host name. */
export function framePage(host: string, target: string): Page {
  const name = displayName(host);
  const style = '<style>html,body{margin:0;padding:0;height:100%;overflow:hidden}iframe{display:block;border:0;width:100%;height:100%}</style>';
  return {
    status: 200,
    html: document(
      name,
      `<iframe src="${escapeHtml(target)}" title="${escapeHtml(name)}" allow="fullscreen"></iframe>
<noscript><p><a href="${escapeHtml(target)}">${escapeHtml(target)}</a></p></noscript>`,
      style,
    ),
    csp: "default-src 'none'; style-src 'unsafe-inline'; frame-src http: https:; base-uri 'none'; form-action 'none'",
  };
}

/** A parked domain: its name, and that it is parked with the provider. */
export function parkingPage(domain: string, providerName: string): Page {
  const name = displayName(domain);
  return {
    status: 200,
    html: document(
      `${name} is parked`,
      `<main>
<h1>${escapeHtml(name)}</h1>
<p>This domain is parked with ${escapeHtml(providerName)}.</p>
</main>`,
    ),
    csp: PLAIN_CSP,
  };
}

const message = (status: number, title: string, text: string): Page => ({
  status,
  html: document(title, `<main>\n<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>\n</main>`),
  csp: PLAIN_CSP,
});

/** No site at this host (nothing forwarded or parked, an address, a name we do not serve). */
export const notFoundPage = (): Page => message(404, 'Not found', 'No site is configured at this address.');
export const badRequestPage = (): Page => message(400, 'Bad request', 'The request does not name a valid host.');
export const methodNotAllowedPage = (): Page => message(405, 'Method not allowed', 'This page can only be read.');
export const unavailablePage = (): Page => message(503, 'Service unavailable', 'Please try again in a moment.');
