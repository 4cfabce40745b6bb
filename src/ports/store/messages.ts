/** A message handed to the mail server (migration 023), by its Message-ID. */
export interface SentMail {
  message_id: string;
  recipient: string;
  template: string;
  sent_at: string;
}

/** A password reset link's token (migration 023): its SHA-256 only, never the token. */
export interface PasswordReset {
  id: number;
  user_id: number;
  token_hash: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** What e-mail remembers: messages sent, renewal reminders recorded, password reset tokens. */
export interface MessageRepository {
  /** The message sent with this Message-ID, if one was. */
  findSent(messageId: string): Promise<SentMail | undefined>;
  /** Records a sent message; one already recorded is left as it is (a second run of its job). */
  recordSent(mail: SentMail): Promise<void>;
  /**
   * Marks the reminder `days` before `expDate` of domain `domainId` as recorded; false when it was
   * already (by this or another worker). Call it inside the transaction that records the event.
   */
  claimReminder(domainId: number, expDate: string, days: number, at: string): Promise<boolean>;
  /**
   * Active domains with renewal off expiring on or after `notBefore` and on or before `until`, for
   * which the reminder `days` before that expiry is not recorded yet; oldest expiry first.
   */
  domainsToRemind(notBefore: string, until: string, days: number, limit: number): Promise<import('../store.js').Domain[]>;
  createReset(reset: Omit<PasswordReset, 'id'>): Promise<PasswordReset>;
  findReset(tokenHash: string): Promise<PasswordReset | undefined>;
  /** Ends a reset token: unused -> used at `at`, in one statement; false when it was used already. */
  useReset(id: number, at: string): Promise<boolean>;
  /** Ends every unused reset token of the account (a password set another way, or a new one used). */
  endResets(userId: number, at: string): Promise<void>;
  /** Drops reset tokens that ended before `before`; returns how many. */
  pruneResets(before: string): Promise<number>;
}
