import argon2 from 'argon2';

/**
 * argon2id's cost for new hashes (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES). The defaults, 64 MiB
 * and 3 passes, are the library's and RFC 9106's second recommendation. A hash names its own cost, so
 * verifying never needs this, and hashes made at another cost keep working when it changes. The test
 * servers use a small one: a 64 MiB hash takes a quarter to half a second of a core here, and the suite
 * makes thousands.
 */
export interface PasswordHashing {
  memoryKib: number;
  passes: number;
}
export const DEFAULT_PASSWORD_HASHING: PasswordHashing = { memoryKib: 65_536, passes: 3 };

export const hashPassword = (cost: PasswordHashing, password: string): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: cost.memoryKib, timeCost: cost.passes });

/** What is wrong with a new password, if anything: at least 8 characters, at most 256. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8) return 'The password must be at least 8 characters';
  if (password.length > 256) return 'The password may not be greater than 256 characters';
  return undefined;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Checked against when the username does not exist, so a failed login takes as long for an unknown
 * user as for a wrong password and does not tell which usernames exist: made at the configured cost,
 * as the users' own hashes are.
 */
const dummyHashes = new Map<string, Promise<string>>();
export function verifyAgainstDummy(cost: PasswordHashing, password: string): Promise<boolean> {
  const key = `${cost.memoryKib}/${cost.passes}`;
  let dummy = dummyHashes.get(key);
  if (!dummy) dummyHashes.set(key, (dummy = hashPassword(cost, 'not-a-real-password-for-timing')));
  return dummy.then((h) => verifyPassword(h, password)).then(() => false);
}
