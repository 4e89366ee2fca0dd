// The one place that reads the environment: every setting, its type, default and meaning.
import { z } from 'zod';

/** Values shipped for local use only; production refuses every one of them. */
export const DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'reelguard-development-only-access-token-secret',
  PLAYBACK_TOKEN_KEYS: 'dev1:reelguard-development-only-playback-token-secret',
  MASTER_KEY: Buffer.from('reelguard-development-master-key').toString('base64'),
  AUDIT_HMAC_KEY: 'reelguard-development-only-audit-sealing-key',
  S3_SECRET_ACCESS_KEY: 'S3RVER',
} as const;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `must be a whole number between ${min} and ${max}` })
    .int({ error: `must be a whole number between ${min} and ${max}` })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const secret = z.string().min(32, { error: 'must be at least 32 characters long' });

const playbackKeys = z.string().transform((raw, ctx) => {
  const keys = raw
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf(':');
      return { kid: pair.slice(0, at), secret: pair.slice(at + 1) };
    });
  for (const key of keys) {
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(key.kid) || key.secret.length < 32) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a comma-separated list of kid:secret pairs (kid: 1-16 letters, digits, _ or -; secret: 32+ characters)',
      });
      return z.NEVER;
    }
  }
  if (keys.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must list at least one kid:secret pair' });
    return z.NEVER;
  }
  return keys;
});

const masterKey = z.string().transform((raw, ctx) => {
  const bytes = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (bytes.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, written as 64 hex digits or base64' });
    return z.NEVER;
  }
  return bytes;
});

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().optional(),
  TRUST_PROXY: bool.default(false),
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters long' }).optional(),

  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/reelguard'),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,32}$/, { error: 'must be 1-32 letters, digits, colons, underscores or hyphens' })
    .default('rg'),

  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: 'must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)',
    })
    .default('reelguard'),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).default('S3RVER'),
  S3_SECRET_ACCESS_KEY: z.string().min(1).default(DEVELOPMENT_SECRETS.S3_SECRET_ACCESS_KEY),
  /** Multipart part size for streamed uploads (S3's minimum is 5 MiB). */
  S3_UPLOAD_PART_MIB: int(5, 512).default(5),
  /** Parts of one streamed upload in flight at once; memory per upload is about part size × (this + 1). */
  S3_UPLOAD_QUEUE_SIZE: int(1, 16).default(2),
  S3_EMBEDDED_PORT: int(1, 65535).default(4569),
  S3_EMBEDDED_DIR: z.string().min(1).default('./data/s3'),

  JWT_SECRET: secret.default(DEVELOPMENT_SECRETS.JWT_SECRET),
  JWT_TTL_SEC: int(60, 86_400).default(3600),
  JWT_ISSUER: z.string().min(1).default('reelguard'),
  JWT_AUDIENCE: z.string().min(1).default('reelguard-api'),
  LOGIN_MAX_FAILURES: int(1, 1000).default(5),
  LOGIN_WINDOW_SEC: int(1, 86_400).default(900),

  REELGUARD_ADMIN_EMAIL: z.email({ error: 'must be an e-mail address' }).default('admin@reelguard.local'),
  REELGUARD_ADMIN_PASSWORD: z.string().min(12, { error: 'must be at least 12 characters long' }).optional(),

  PLAYBACK_TOKEN_KEYS: playbackKeys.prefault(DEVELOPMENT_SECRETS.PLAYBACK_TOKEN_KEYS),
  PLAYBACK_TOKEN_ACTIVE_KID: z.string().optional(),
  // Seconds without a heartbeat before a playback session dies; the low minimum lets tests
  // watch a session expire without waiting minutes.
  PLAYBACK_IDLE_SEC: int(2, 86_400).default(120),
  /** Hard cap on a playback session's life, heartbeats or not. */
  PLAYBACK_MAX_SEC: int(2, 7 * 86_400).default(4 * 3600),
  /** Live sessions per user; starting one more closes the oldest (docs/adr). */
  PLAYBACK_MAX_SESSIONS_PER_USER: int(1, 100).default(3),
  /** Media seconds a session may pull before the speed limit applies (players buffer ahead). */
  PLAYBACK_DOWNLOAD_ALLOWANCE_SEC: int(0, 86_400).default(120),
  /** Multiple of real time a session may pull media at, beyond the allowance. */
  PLAYBACK_MAX_SPEED: z.coerce.number().min(1).max(100).default(3),
  /** Media seconds over the speed limit that are served slowed before 429. */
  PLAYBACK_THROTTLE_BAND_SEC: int(0, 86_400).default(60),
  /** How much each over-the-limit segment is held back, in milliseconds. */
  PLAYBACK_THROTTLE_DELAY_MS: int(0, 10_000).default(500),
  SEGMENT_CACHE_BYTES: int(0).default(256 * 1024 * 1024),
  /** Cached segments go to plain TCP sockets by sendfile(2) from sealed memory (Linux; ADR 0056). */
  SEGMENT_ZERO_COPY: bool.default(true),

  MASTER_KEY: masterKey.prefault(DEVELOPMENT_SECRETS.MASTER_KEY),
  MASTER_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'must be 1-32 letters, digits, _ or -' })
    .default('m1'),
  AUDIT_HMAC_KEY: secret.default(DEVELOPMENT_SECRETS.AUDIT_HMAC_KEY),
  AUDIT_SEAL_WINDOW_SEC: int(1, 86_400).default(60),
  AUDIT_RETENTION_DAYS: int(1, 36_500).default(400),
  AUDIT_BUFFER_MAX: int(100, 10_000_000).default(50_000),
  /** Entries per audit batch (one transaction) at most. */
  AUDIT_BATCH_MAX: int(1, 100_000).default(2000),
  /** How long an entry may wait for company before its batch is written. */
  AUDIT_FLUSH_MS: int(1, 60_000).default(100),
  /**
   * For benchmarking only: `false` discards audit entries instead of writing them, so the
   * trail's cost can be measured. Every request still builds its entry; nothing is stored.
   */
  AUDIT_TRAIL_ENABLED: bool.default(true),

  UPLOAD_MAX_BYTES: int(1).default(4 * 1024 * 1024 * 1024),
  UPLOAD_MAX_CONCURRENT_PER_USER: int(1, 100).default(3),
  /** A client must finish sending its request headers within this time (slow-header attacks). */
  HTTP_HEADERS_TIMEOUT_SEC: int(1, 600).default(20),
  /**
   * A connection on which nothing is sent or received for this long is closed (slow bodies,
   * idle keep-alive). Above a load balancer's own idle timeout (60 s on AWS's), so the balancer
   * is always the side that closes a pooled connection.
   */
  HTTP_IDLE_TIMEOUT_SEC: int(1, 3600).default(65),
  /**
   * On SIGTERM the API stops listening and lets requests in flight finish for at most this long
   * before closing the connections still open.
   */
  HTTP_DRAIN_TIMEOUT_SEC: int(1, 3600).default(20),
  /**
   * API processes sharing the port; above 1 a primary process supervises them. Segment serving
   * is CPU-bound, so a streaming host wants one per core.
   */
  API_WORKERS: int(1, 64).default(1),
  MEDIA_MAX_DURATION_SEC: int(1).default(4 * 3600),
  MEDIA_MAX_WIDTH: int(16).default(4096),
  MEDIA_MAX_HEIGHT: int(16).default(4096),
  MEDIA_MAX_STREAMS: int(1).default(8),
  HLS_SEGMENT_SEC: int(1, 30).default(4),
  /**
   * Length of each rendition's first segment, capped at HLS_SEGMENT_SEC: a player starts after
   * its first segment, and a new video is playable once every rendition has one.
   */
  HLS_FIRST_SEGMENT_SEC: int(1, 30).default(2),
  FFMPEG_PRESET: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow']).default('veryfast'),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  TRANSCODE_CONCURRENCY: int(1, 64).default(1),
  TRANSCODE_TIMEOUT_SEC: int(10).default(4 * 3600),
  TRANSCODE_ATTEMPTS: int(1, 20).default(5),
  /** How long a worker's hold on a running job lasts unless renewed (renewed every half of it). */
  TRANSCODE_LOCK_SEC: int(2, 3600).default(30),
  /** How often workers look for jobs whose holder died (lock expired) and queue them again. */
  TRANSCODE_STALLED_CHECK_SEC: int(1, 3600).default(15),
  /** FFmpeg's output lists read % : | [ ] \ and ' as syntax, so the folder may hold none of them. */
  WORK_DIR: z
    .string()
    .regex(/^[^%:|[\]\\']+$/, { error: "must be a folder path without any of % : | [ ] \\ '" })
    .optional(),
});

export type RawConfig = z.output<typeof configSchema>;
