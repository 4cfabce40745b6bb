import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes), which follow RFC 9106's second recommendation. */
export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id });

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
 * user as for a wrong password and does not tell which usernames exist.
 */
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
