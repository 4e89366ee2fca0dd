// The event store is the outbox: TranscodeRequested events become Bull jobs whose id is the
// event id, so a relay that runs twice, or two relays at once, can never make two jobs.
// The relay's position lives in PostgreSQL; Redis may lose everything (it keeps nothing on
// disk), which the relay notices by a missing marker key and answers by reconciling.
import type { Queue } from 'bull';
import type { DataSource } from 'typeorm';
import type { EventStore, StoredEvent } from '@reelguard/persistence';
import type { TranscodeJob } from './jobs.js';

export const RELAY_CHECKPOINT = 'outbox-relay';

export interface RelayOptions {
  redisPrefix: string;
  attempts: number;
  backoffMs: number;
  batchSize?: number;
}

export interface RelayReport {
  relayed: number;
  reconciled: number;
}

export class OutboxRelay {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStore,
    private readonly queue: Queue<TranscodeJob>,
    private readonly options: RelayOptions,
  ) {}

  private get markerKey(): string {
    return `${this.options.redisPrefix}:outbox-relay:alive`;
  }

  /** One pass: reconcile if Redis was emptied, then enqueue every new request. */
  async runOnce(): Promise<RelayReport> {
    const client = this.queue.client;
    let reconciled = 0;
    if ((await client.exists(this.markerKey)) === 0) {
      reconciled = await this.reconcile();
      await client.set(this.markerKey, new Date().toISOString());
    }
    let relayed = 0;
    const batchSize = this.options.batchSize ?? 200;
    for (;;) {
      const position = await this.checkpoint();
      const batch = await this.events.readAll(position, batchSize, ['TranscodeRequested']);
      if (batch.length === 0) break;
      for (const event of batch) {
        if (await this.enqueue(event)) relayed += 1;
      }
      await this.saveCheckpoint(batch[batch.length - 1]!.globalPosition);
      if (batch.length < batchSize) break;
    }
    return { relayed, reconciled };
  }

  /**
   * Makes sure every video still waiting for a transcode has its job: for each video that is
   * uploaded or processing, the latest TranscodeRequested gets a job unless Bull already has it.
   */
  async reconcile(): Promise<number> {
    const pending: { stream_id: string }[] = await this.dataSource.query(
      `SELECT id AS stream_id FROM videos WHERE status IN ('uploaded', 'processing') AND NOT deleted`,
    );
    let added = 0;
    for (const { stream_id } of pending) {
      const history = await this.events.readStream(stream_id);
      const request = [...history].reverse().find((e) => e.type === 'TranscodeRequested');
      if (request && (await this.enqueue(request))) added += 1;
    }
    return added;
  }

  private async enqueue(event: StoredEvent): Promise<boolean> {
    if (await this.queue.getJob(event.eventId)) return false;
    const data: TranscodeJob = {
      kind: 'transcode',
      videoId: event.streamId,
      requestEventId: event.eventId,
      sourceKey: String(event.data.sourceKey ?? `videos/${event.streamId}/source`),
      correlationId: event.metadata.correlationId,
    };
    await this.queue.add(data, {
      jobId: event.eventId,
      attempts: this.options.attempts,
      backoff: { type: 'exponential', delay: this.options.backoffMs },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
    return true;
  }

  private async checkpoint(): Promise<number> {
    const rows: { position: string }[] = await this.dataSource.query(
      'SELECT position FROM checkpoints WHERE name = $1',
      [RELAY_CHECKPOINT],
    );
    return Number(rows[0]?.position ?? 0);
  }

  private async saveCheckpoint(position: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [RELAY_CHECKPOINT, position],
    );
  }
}
