import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestServer } from './server.js';
import { runCli } from './cli.js';

export interface PanelResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * A browser without a browser, for the panel's HTTP tests: keeps the cookies the panel sets (its own
 * jar, by name, since every panel cookie has Path=/panel), follows nothing (a redirect is an answer
 * to assert), and sends forms as browsers do.
 */
export class PanelClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly t: Pick<TestServer, 'url'>, readonly acceptLanguage = 'en') {}

  private async send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<PanelResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.t.url + path, {
      method,
      redirect: 'manual',
      body,
      headers: {
        'accept-language': this.acceptLanguage,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  get(path: string, headers?: Record<string, string>): Promise<PanelResponse> {
    return this.send('GET', path, undefined, headers);
  }

  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<PanelResponse> {
    return this.send('POST', path, new URLSearchParams(form).toString(), headers);
  }

  /** The CSRF token of the first form of a page. */
  static csrfOf(page: string): string {
    const m = /name="csrf" value="([^"]*)"/.exec(page);
    assert.ok(m, 'the page has a CSRF field');
    return m[1]!;
  }

  /** Logs in through the login form; asserts the redirect to the start page. Returns the start page's CSRF token. */
  async login(username: string, password: string): Promise<string> {
    const form = await this.get('/panel/login');
    assert.equal(form.status, 200);
    const res = await this.post('/panel/login', { csrf: PanelClient.csrfOf(form.text), username, password });
    assert.equal(res.status, 303, `login of ${username}: ${res.status} ${res.text.slice(0, 500)}`);
    assert.equal(res.headers.get('location'), '/panel');
    const start = await this.get('/panel');
    assert.equal(start.status, 200);
    return PanelClient.csrfOf(start.text);
  }
}

/** A partner's person who logs in to the panel, made with the CLI as the operator makes one. */
export async function partnerPerson(t: TestServer, partnerId: number, email: string, password = 'partner password 1'): Promise<{ email: string; password: string }> {
  const file = join(t.dir, `password-${partnerId}-${email}`);
  writeFileSync(file, `${password}\n`);
  const run = await runCli(t.databaseUrl, 'partners', 'users', 'add', String(partnerId), '--email', email, '--password-file', file);
  assert.equal(run.code, 0, run.stderr);
  return { email, password };
}
