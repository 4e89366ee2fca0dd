// Keeps the audit trail sealed and within retention: every few seconds it closes the windows that
// ended (one sealer across all workers: the others find the lock taken and skip), and once an
// hour it opens the next months' partitions and drops those past AUDIT_RETENTION_DAYS. Each
// digest's hash goes to the log too, so a copy of the chain lives outside the database.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@reelguard/config';
import { AuditDatabase, AuditPartitions, DigestSealer } from '@reelguard/audit';

const MAINTENANCE_EVERY_MS = 3_600_000;

@Injectable()
export class AuditSealingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditSealing');
  private readonly database: AuditDatabase;
  readonly sealer: DigestSealer;
  readonly partitions: AuditPartitions;
  private readonly tickMs: number;
  private readonly retentionDays: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;
  private lastMaintenance = 0;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.database = new AuditDatabase(config.DATABASE_URL, { applicationName: 'reelguard-worker-audit', max: 3 });
    this.sealer = new DigestSealer(this.database.pool, {
      windowSec: config.AUDIT_SEAL_WINDOW_SEC,
      hmacKey: config.AUDIT_HMAC_KEY,
    });
    this.partitions = new AuditPartitions(this.database.pool);
    this.tickMs = Math.min(5000, Math.max(250, (config.AUDIT_SEAL_WINDOW_SEC * 1000) / 4));
    this.retentionDays = config.AUDIT_RETENTION_DAYS;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => this.schedule(this.tickMs));
    }, delayMs);
  }

  /** One pass: sealing, then maintenance when due (so nothing is dropped before it is sealed). */
  async tick(now = new Date()): Promise<void> {
    try {
      const outcome = await this.sealer.sealDue(now);
      if (outcome.status === 'sealed') {
        const d = outcome.digest;
        this.logger.log(
          `sealed audit digest ${d.seq} [${d.windowStart}, ${d.windowEnd}) ids ${d.firstId}-${d.lastId} count ${d.count} hash ${d.hash}`,
        );
      }
    } catch (error) {
      this.logger.warn(`audit sealing failed, retrying: ${(error as Error).message}`);
    }
    if (now.getTime() - this.lastMaintenance >= MAINTENANCE_EVERY_MS) {
      try {
        await this.partitions.ensureAhead(now);
        const dropped = await this.partitions.dropExpired(now, this.retentionDays);
        if (dropped.length > 0) this.logger.log(`retention dropped audit partitions ${dropped.join(', ')}`);
        this.lastMaintenance = now.getTime();
      } catch (error) {
        this.logger.warn(`audit partition maintenance failed, retrying: ${(error as Error).message}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.database.close();
  }
}
