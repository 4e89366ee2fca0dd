// Throttles progress into at most one event every two seconds, strictly increasing, recorded
// one at a time so two reports never race each other for the same stream version.
import type { Logger } from '@nestjs/common';

export class ProgressReporter {
  private last = 0;
  private lastAt = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly record: (percent: number) => Promise<unknown>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly minIntervalMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

  report(percent: number): void {
    const value = Math.max(0, Math.min(99, Math.floor(percent)));
    if (value <= this.last || this.now() - this.lastAt < this.minIntervalMs) return;
    this.last = value;
    this.lastAt = this.now();
    this.chain = this.chain
      .then(() => this.record(value))
      .catch((error: unknown) => this.logger.warn(`progress ${value}% not recorded: ${String(error)}`));
  }

  /** Waits until every report so far is recorded. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
