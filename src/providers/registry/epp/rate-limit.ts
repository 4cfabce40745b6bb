/**
 * A token bucket of one token: commands spaced 1/perSecond apart, no bursts. Registries throttle
 * registrars over sliding windows (and some end the session of one who exceeds it, 2502), where a
 * bucket that saved up a second's worth would let through twice the figure in one window; so the
 * pool stays under the operator's figure instead of finding the limit. 0 means no limit of our own.
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly perSecond: number) {
    this.tokens = 1;
  }

  /** Resolves when a command may go; callers are served in the order they asked. */
  take(): Promise<void> {
    if (this.perSecond <= 0) return Promise.resolve();
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(1, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
