/**
 * The failures tests play: an outage (setDown), an answer lost after the command took effect
 * (loseNextAnswer), and the per-registrar command budget some registries enforce (rateLimit).
 */
export class Faults {
  down = false;
  private readonly lose: Array<{ command: string; registrar?: string }> = [];
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly rateLimit?: { commands: number; perMs: number }) {}

  loseNextAnswer(command: string, registrar?: string): void {
    this.lose.push({ command, registrar });
  }

  /** Whether this command's answer is to be lost (and forgets the wish: it applies once). */
  takeLoss(command: string, registrar: string): boolean {
    const at = this.lose.findIndex((l) => l.command === command && (l.registrar === undefined || l.registrar === registrar));
    if (at < 0) return false;
    this.lose.splice(at, 1);
    return true;
  }

  /** Counts a command; false when it goes beyond the registrar's budget for the window. */
  withinRate(registrar: string, nowMs: number): boolean {
    if (!this.rateLimit) return true;
    const since = nowMs - this.rateLimit.perMs;
    const times = (this.recent.get(registrar) ?? []).filter((t) => t > since);
    times.push(nowMs);
    this.recent.set(registrar, times);
    return times.length <= this.rateLimit.commands;
  }
}
