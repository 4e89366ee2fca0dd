import { describe, expect, it } from 'vitest';
import { ConfigError, DEVELOPMENT_SECRETS, loadConfig } from './index.js';

const strong = 'x'.repeat(40);
const productionEnv = {
  NODE_ENV: 'production',
  JWT_SECRET: `jwt-${strong}`,
  PLAYBACK_TOKEN_KEYS: `k1:${strong}`,
  MASTER_KEY: 'ab'.repeat(32),
  AUDIT_HMAC_KEY: `audit-${strong}`,
  S3_SECRET_ACCESS_KEY: 'minio-secret-of-our-own',
  S3_ENDPOINT: 'http://minio:9000',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('gives documented defaults for local use', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/reelguard');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.S3_EMBEDDED).toBe(true);
    expect(config.MASTER_KEY).toHaveLength(32);
    expect(config.PLAYBACK_TOKEN_ACTIVE_KID).toBe('dev1');
    expect(config.CORS_ORIGINS).toContain('http://127.0.0.1:3000');
    expect(config.API_WORKERS).toBe(1);
  });

  it('takes a number of API processes between 1 and 64', () => {
    expect(loadConfig({ API_WORKERS: '4' }).API_WORKERS).toBe(4);
    expect(problemsOf({ API_WORKERS: '0' })[0]).toMatch(/^API_WORKERS /);
    expect(problemsOf({ API_WORKERS: '65' })[0]).toMatch(/^API_WORKERS /);
  });

  it('batches audit entries by up to 2,000 every 100 ms unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ AUDIT_BATCH_MAX: 2000, AUDIT_FLUSH_MS: 100 });
    expect(loadConfig({ AUDIT_BATCH_MAX: '250', AUDIT_FLUSH_MS: '20' })).toMatchObject({
      AUDIT_BATCH_MAX: 250,
      AUDIT_FLUSH_MS: 20,
    });
    expect(problemsOf({ AUDIT_BATCH_MAX: '0' })[0]).toMatch(/^AUDIT_BATCH_MAX /);
    expect(problemsOf({ AUDIT_FLUSH_MS: 'soon' })[0]).toMatch(/^AUDIT_FLUSH_MS /);
  });

  it('cuts 4 s segments after a first one of 2 s unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ HLS_SEGMENT_SEC: 4, HLS_FIRST_SEGMENT_SEC: 2 });
    expect(loadConfig({ HLS_FIRST_SEGMENT_SEC: '4' }).HLS_FIRST_SEGMENT_SEC).toBe(4);
    expect(problemsOf({ HLS_FIRST_SEGMENT_SEC: '0' })[0]).toMatch(/^HLS_FIRST_SEGMENT_SEC /);
  });

  it('refuses a work folder FFmpeg would read as syntax', () => {
    expect(loadConfig({ WORK_DIR: '/var/lib/reelguard/work' }).WORK_DIR).toBe('/var/lib/reelguard/work');
    for (const bad of ['/tmp/a:b', '/tmp/a|b', '/tmp/[x]', '/tmp/50%', "/tmp/it's", 'C:\\work']) {
      expect(problemsOf({ WORK_DIR: bad })).toEqual([`WORK_DIR must be a folder path without any of % : | [ ] \\ '`]);
    }
  });

  it('names the variable and what it expects', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toEqual([
      'DATABASE_URL must be a URL starting with postgres:// or postgresql://',
    ]);
    expect(problemsOf({ PORT: 'eighty' })[0]).toMatch(/^PORT must be a whole number/);
    expect(problemsOf({ MASTER_KEY: 'short' })[0]).toMatch(/^MASTER_KEY must be 32 bytes/);
    expect(problemsOf({ CORS_ORIGINS: 'https://ok.example, not an origin' })[0]).toMatch(/^CORS_ORIGINS/);
  });

  it('refuses development secrets and missing secrets in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/JWT_SECRET must be set/);
    expect(problems.join('\n')).toMatch(/MASTER_KEY must be set/);
    expect(problems.join('\n')).toMatch(/S3_ENDPOINT must point/);
    expect(problemsOf({ ...productionEnv, JWT_SECRET: DEVELOPMENT_SECRETS.JWT_SECRET })).toEqual([
      'JWT_SECRET must be set to a secret of your own in production (the development default is refused)',
    ]);
  });

  it('refuses short secrets everywhere', () => {
    expect(problemsOf({ ...productionEnv, JWT_SECRET: 'short' })).toEqual([
      'JWT_SECRET must be at least 32 characters long',
    ]);
    expect(problemsOf({ PLAYBACK_TOKEN_KEYS: 'k1:short' })[0]).toMatch(/^PLAYBACK_TOKEN_KEYS must be/);
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(productionEnv);
    expect(config.NODE_ENV).toBe('production');
    expect(config.S3_EMBEDDED).toBe(false);
  });

  it('checks that the active playback key exists', () => {
    expect(problemsOf({ PLAYBACK_TOKEN_ACTIVE_KID: 'nope' })[0]).toMatch(/PLAYBACK_TOKEN_ACTIVE_KID must name/);
  });

  it('refuses a playback key that is the login key', () => {
    expect(problemsOf({ JWT_SECRET: strong, PLAYBACK_TOKEN_KEYS: `k1:${strong}` })).toEqual([
      'PLAYBACK_TOKEN_KEYS must not reuse JWT_SECRET: give playback tokens a key of their own',
    ]);
  });
});
