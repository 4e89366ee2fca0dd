// Per-video AES-128 content keys, kept wrapped by the master key in PostgreSQL (never in the
// bucket). The worker creates a video's key once and reuses it on every retry, so re-encrypted
// segments come out identical; the API unwraps it in memory for the key route.
import type { DataSource } from 'typeorm';
import { generateContentKey, unwrapKey, wrapKey, type MasterKey } from '@reelguard/tokens';

export class ContentKeys {
  constructor(
    private readonly dataSource: DataSource,
    private readonly masterKeys: readonly MasterKey[],
  ) {}

  private get active(): MasterKey {
    return this.masterKeys[0]!;
  }

  /** The video's key, created and stored on first use; concurrent callers get the same key. */
  async getOrCreate(videoId: string): Promise<Buffer> {
    const wrapped = wrapKey(generateContentKey(), this.active, videoId);
    await this.dataSource.query(
      'INSERT INTO video_keys (video_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (video_id) DO NOTHING',
      [videoId, wrapped],
    );
    const key = await this.get(videoId);
    if (!key) throw new Error(`content key of ${videoId} vanished right after it was stored`);
    return key;
  }

  async get(videoId: string): Promise<Buffer | null> {
    const rows: { wrapped_key: string }[] = await this.dataSource.query(
      'SELECT wrapped_key FROM video_keys WHERE video_id = $1',
      [videoId],
    );
    return rows[0] ? unwrapKey(rows[0].wrapped_key, this.masterKeys, videoId) : null;
  }
}

export function masterKeysFrom(config: { MASTER_KEY: Buffer; MASTER_KEY_ID: string }): MasterKey[] {
  return [{ id: config.MASTER_KEY_ID, key: config.MASTER_KEY }];
}
