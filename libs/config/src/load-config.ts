// Parses the environment once at boot into one typed, frozen object, or stops with a message
// that names each wrong variable and what it expects.
import { tmpdir } from 'node:os';
import { DEVELOPMENT_SECRETS, configSchema, type RawConfig } from './schema.js';

export interface PlaybackKey {
  kid: string;
  secret: string;
}

export type Config = Omit<RawConfig, 'CORS_ORIGINS' | 'WORK_DIR' | 'PLAYBACK_TOKEN_ACTIVE_KID'> & {
  CORS_ORIGINS: string[];
  WORK_DIR: string;
  PLAYBACK_TOKEN_ACTIVE_KID: string;
  /** True when S3_ENDPOINT is unset and the embedded S3-compatible server is used. */
  S3_EMBEDDED: boolean;
  S3_ENDPOINT_RESOLVED: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

const SECRET_NAMES = [
  'JWT_SECRET',
  'PLAYBACK_TOKEN_KEYS',
  'MASTER_KEY',
  'AUDIT_HMAC_KEY',
  'S3_SECRET_ACCESS_KEY',
] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
    );
  }
  const raw = parsed.data;
  const problems: string[] = [];

  if (raw.NODE_ENV === 'production') {
    for (const name of SECRET_NAMES) {
      if (input[name] === undefined || input[name] === DEVELOPMENT_SECRETS[name]) {
        problems.push(`${name} must be set to a secret of your own in production (the development default is refused)`);
      }
    }
    if (!input.S3_ENDPOINT)
      problems.push(
        'S3_ENDPOINT must point at your object storage in production (the embedded server is for local use)',
      );
  }

  const activeKid = raw.PLAYBACK_TOKEN_ACTIVE_KID ?? raw.PLAYBACK_TOKEN_KEYS[0]!.kid;
  if (!raw.PLAYBACK_TOKEN_KEYS.some((k) => k.kid === activeKid)) {
    problems.push(`PLAYBACK_TOKEN_ACTIVE_KID must name one of the kids in PLAYBACK_TOKEN_KEYS (got "${activeKid}")`);
  }
  if (raw.PLAYBACK_MAX_SEC < raw.PLAYBACK_IDLE_SEC) {
    problems.push('PLAYBACK_MAX_SEC must be at least PLAYBACK_IDLE_SEC');
  }
  // A playback key equal to the login key would let one forge the other's tokens.
  if (raw.PLAYBACK_TOKEN_KEYS.some((k) => k.secret === raw.JWT_SECRET)) {
    problems.push('PLAYBACK_TOKEN_KEYS must not reuse JWT_SECRET: give playback tokens a key of their own');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const publicOrigin = `http://${raw.HOST === '0.0.0.0' ? '127.0.0.1' : raw.HOST}:${raw.PORT}`;
  const corsOrigins = raw.CORS_ORIGINS
    ? raw.CORS_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : [publicOrigin, `http://localhost:${raw.PORT}`, 'http://127.0.0.1:5173', 'http://127.0.0.1:5174'];
  const badOrigin = corsOrigins.find((o) => !/^https?:\/\/[^/\s]+$/.test(o));
  if (badOrigin)
    throw new ConfigError([
      `CORS_ORIGINS must be a comma-separated list of origins like https://example.com (got "${badOrigin}")`,
    ]);

  const embedded = raw.S3_ENDPOINT === undefined;
  return Object.freeze({
    ...raw,
    CORS_ORIGINS: corsOrigins,
    WORK_DIR: raw.WORK_DIR ?? tmpdir(),
    PLAYBACK_TOKEN_ACTIVE_KID: activeKid,
    S3_EMBEDDED: embedded,
    S3_ENDPOINT_RESOLVED: raw.S3_ENDPOINT ?? `http://127.0.0.1:${raw.S3_EMBEDDED_PORT}`,
  });
}

/** Loads the configuration or ends the process with one readable line per problem. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`reelguard: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
