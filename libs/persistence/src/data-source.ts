// TypeORM data source options shared by the API, the worker and the scripts; migrations run
// at start, the schema is never synchronised from the entities.
import type { DataSourceOptions } from 'typeorm';
import { CheckpointRecord, VideoKeyRecord, VideoView } from './entities/video-view.entity.js';
import { EventRecord, StreamRecord } from './entities/event.entity.js';
import { UserRecord } from './entities/user.entity.js';
import { PlaybackSessionRecord } from './entities/playback-session.entity.js';
import { Initial1764000000001 } from './migrations/0001-initial.js';
import { PlaybackSessions1764000000500 } from './migrations/0005-playback-sessions.js';
import { AuditTrail1764000000600 } from './migrations/0006-audit-trail.js';
import { AuditIndexesAscending1764000000700 } from './migrations/0007-audit-indexes-ascending.js';

export const ENTITIES = [
  EventRecord,
  StreamRecord,
  UserRecord,
  VideoView,
  VideoKeyRecord,
  CheckpointRecord,
  PlaybackSessionRecord,
];
export const MIGRATIONS = [
  Initial1764000000001,
  PlaybackSessions1764000000500,
  AuditTrail1764000000600,
  AuditIndexesAscending1764000000700,
];

export function dataSourceOptions(
  url: string,
  extra: { poolSize?: number; applicationName?: string; logErrors?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: extra.logErrors === false ? false : ['error'],
    poolSize: extra.poolSize ?? 10,
    applicationName: extra.applicationName ?? 'reelguard',
    extra: { connectionTimeoutMillis: 5000, statement_timeout: 30_000 },
  };
}
