/**
 * A token-bucket rate limit in requests per second. The bucket holds at most one second's worth of
 * tokens (at least 1), so a burst up to `rps` passes and anything faster is refused with a
 * Retry-After telling when the next token arrives (whole seconds, at least 1, as HTTP requires).
 */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucket {
  private rps: number | null = null;
  private tokens = 0;
  private updatedAt = 0;

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  get rate(): number | null {
    return this.rps;
  }

  /** null turns the limit off; a new rate starts with a full bucket. */
  setRate(rps: number | null): void {
    this.rps = rps;
    this.tokens = rps === null ? 0 : this.capacity(rps);
    this.updatedAt = this.nowMs();
  }

  take(): RateDecision {
    if (this.rps === null) return { allowed: true };
    const now = this.nowMs();
    this.tokens = Math.min(this.capacity(this.rps), this.tokens + ((now - this.updatedAt) / 1000) * this.rps);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    const secondsToNextToken = (1 - this.tokens) / this.rps;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(secondsToNextToken)) };
  }

  private capacity(rps: number): number {
    return Math.max(1, rps);
  }
}
