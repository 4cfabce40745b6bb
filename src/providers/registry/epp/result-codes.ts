import { RegistryError } from '../../../ports/registry.js';
import type { EppResponse } from './protocol.js';

/**
 * EPP result codes (RFC 5730 section 3) as the registry port's reasons (ports/registry.ts), the code
 * kept on RegistryError.code. The registry's own words (msg and each extValue reason) go into the
 * message, with both transaction ids so an operator can find the command in the registry's logs.
 */

/** 2500-2502: the server ends the session after answering (RFC 5730 section 3); it must not be reused. */
export function endsSession(code: number): boolean {
  return code >= 2500 && code <= 2502;
}

const POLICY = new Set([2003, 2004, 2005, 2104, 2105, 2106, 2304, 2305, 2306, 2308]);

export type RegistryReason = RegistryError['reason'];

/**
 * The reason for a failed result. 2201 (authorization error) on anything but a transfer means the name
 * is another registrar's; on a transfer it means the auth code did not open it.
 */
export function reasonFor(code: number, isTransfer = false): RegistryReason {
  if (code === 2302) return 'exists';
  if (code === 2303) return 'not_found';
  if (code === 2202) return 'auth_invalid';
  if (code === 2201) return isTransfer ? 'auth_invalid' : 'not_sponsor';
  if (code === 2400 || (code >= 2500 && code <= 2502)) return 'unavailable';
  if (POLICY.has(code)) return 'policy';
  // The rest (2000-2002 syntax and use errors, 2100-2103 unimplemented, 2307): the registry refuses the
  // command as sent; sending it again will not help, so it is final like a policy refusal.
  return 'policy';
}

export interface CommandContext {
  registry: string;
  /** e.g. `domain:create example.fi`. */
  command: string;
  isTransfer?: boolean;
}

export function resultError(res: EppResponse, ctx: CommandContext): RegistryError {
  const words = [res.msg, ...res.results.flatMap((r) => r.reasons)].filter(Boolean).join('; ');
  return new RegistryError(
    reasonFor(res.code, ctx.isTransfer),
    `${ctx.registry}: ${ctx.command} refused: ${res.code} ${words} (svTRID ${res.svTRID || '-'}, clTRID ${res.clTRID ?? '-'})`,
    res.code,
  );
}

/** A command with no answer (timeout, dropped connection, TLS failure): not known to have happened or not. */
export function unavailable(registry: string, what: string): RegistryError {
  return new RegistryError('unavailable', `${registry}: ${what}`);
}
