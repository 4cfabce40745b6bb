import { randomInt } from 'node:crypto';

/** Characters for auth codes: no look-alikes (0/O, 1/l/I), plus a few symbols as registries require. */
const AUTH_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%+=?';

/**
 * A random 12-character transfer code with at least one letter, digit and symbol (RFC 5731 authInfo pw).
 * The registrar chooses a name's code and sets it at the registry (EPP domain:update of authInfo), so
 * generating one is the core's business; registries that create names use it too.
 */
export function generateAuthCode(): string {
  for (;;) {
    const code = Array.from({ length: 12 }, () => AUTH_ALPHABET[randomInt(AUTH_ALPHABET.length)]).join('');
    if (/[A-Za-z]/.test(code) && /[0-9]/.test(code) && /[^A-Za-z0-9]/.test(code)) return code;
  }
}
