/** Where and how to reach a PowerDNS Authoritative server's HTTP API. */
export interface PowerDnsSettings {
  /** The webserver's base URL, such as http://127.0.0.1:8081 (the API lives under /api/v1). */
  apiUrl: string;
  apiKey: string;
  /** The server id in the API's paths; "localhost" for the server answering (the only one PowerDNS knows). */
  serverId: string;
  timeoutMs?: number;
}

/**
 * A failed exchange with PowerDNS: unreachable, timed out, the API key refused, or an error status.
 * The 'zone.publish' job that met it fails and the outbox tries it again later; `status` is the HTTP
 * status (undefined when there was no answer).
 */
export class PowerDnsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PowerDnsError';
  }
}

/**
 * A thin client of the PowerDNS HTTP API v1 (https://doc.powerdns.com/authoritative/http-api/),
 * on Node's fetch. Paths are relative to /api/v1/servers/<serverId>. Every failure becomes a
 * PowerDnsError whose message names the server, the request and PowerDNS's own error text.
 */
export class PowerDnsClient {
  private readonly base: string;

  constructor(readonly settings: PowerDnsSettings) {
    this.base = `${settings.apiUrl.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(settings.serverId)}`;
  }

  /** The path of zone `name` (its id is the absolute name, with the root's dot). */
  static zonePath(name: string): string {
    return `/zones/${encodeURIComponent(`${name}.`)}`;
  }

  /** Sends one request; answers the parsed JSON body (undefined for 204), or throws PowerDnsError. */
  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const what = `PowerDNS at ${this.settings.apiUrl}: ${method} ${path}`;
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: {
          'X-API-Key': this.settings.apiKey,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : `unreachable (${causeOf(err)})`;
      throw new PowerDnsError(`${what} ${reason}`, undefined, { cause: err });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      if (res.status === 401 || res.status === 403) {
        throw new PowerDnsError(`${what} refused the API key (${res.status}); check PDNS_API_KEY`, res.status);
      }
      throw new PowerDnsError(`${what} failed with ${res.status}: ${errorText(text) || res.statusText}`, res.status);
    }
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new PowerDnsError(`${what} answered ${res.status} with a body that is not JSON`, res.status, { cause: err });
    }
  }
}

/** PowerDNS answers errors as {"error": "..."} (sometimes with "errors": [...]). */
function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; errors?: unknown };
    const extra = Array.isArray(parsed.errors) ? `: ${parsed.errors.join('; ')}` : '';
    return typeof parsed.error === 'string' ? parsed.error + extra : body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** fetch hides the socket error (ECONNREFUSED...) in `cause`. */
function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
