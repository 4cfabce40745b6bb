/**
 * A bound on password verifications running at once in this process. Each argon2id verification takes
 * 64 MiB and tens of milliseconds of a libuv thread; a flood of logins (random usernames, each a fresh
 * per-username budget) queued them without limit, so a real login waited behind all of them (32
 * connections took one from 0.16 s to 7 s). Beyond the bound a login is refused at once (503 with
 * Retry-After) instead of queued: the client retries a moment later, and the verifications admitted
 * finish in their usual time. Kept in memory: it bounds this process's own threads and memory, which
 * another instance's count says nothing about.
 */
export class VerificationGate {
  private running = 0;
  constructor(readonly limit: number) {}

  /** A release function when a slot is free, or undefined when `limit` verifications are running. */
  tryEnter(): (() => void) | undefined {
    if (this.running >= this.limit) return undefined;
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }
}
