// Boots the real API (real PostgreSQL in a fresh database, real Redis, an embedded S3 server)
// for supertest, and tears it all down afterwards.
import type { NestExpressApplication } from '@nestjs/platform-express';
import { pino } from 'pino';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { loadConfig, type Config } from '@reelguard/config';
import { ensureDatabase } from '@reelguard/persistence';
import { startTestS3, testDatabaseUrl, dropDatabaseQuietly, type TestS3 } from '@reelguard/testing';
import { createApp, ensureFirstAdmin } from '../src/app-factory.js';

export const ADMIN = { email: 'admin@reelguard.test', password: 'admin-password-for-tests' };

export interface ApiHarness {
  app: NestExpressApplication;
  config: Config;
  http: TestAgent;
  s3: TestS3;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  createUser(
    role: 'admin' | 'viewer' | 'auditor',
    email?: string,
  ): Promise<{ id: string; email: string; password: string; token: string }>;
  close(): Promise<void>;
}

export interface StartApiOptions {
  /**
   * A second API instance of the same deployment: the same database, object storage and Redis
   * prefix as `sharedWith`. Closing it leaves those to the first instance.
   */
  sharedWith?: ApiHarness;
}

export async function startApi(env: Record<string, string> = {}, options: StartApiOptions = {}): Promise<ApiHarness> {
  const shared = options.sharedWith;
  const s3 = shared?.s3 ?? (await startTestS3());
  const databaseUrl = shared?.config.DATABASE_URL ?? testDatabaseUrl('reelguard_api');
  await ensureDatabase(databaseUrl);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    REELGUARD_ADMIN_EMAIL: ADMIN.email,
    REELGUARD_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: shared?.config.REDIS_PREFIX ?? `t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`,
    ...env,
  });
  const { app } = await createApp(config, { logger: pino({ level: 'silent' }) });
  await app.init();
  const stdout = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await ensureFirstAdmin(app, config);
  } finally {
    process.stdout.write = stdout;
  }
  const http = request(app.getHttpServer());
  let counter = 0;
  const harness: ApiHarness = {
    app,
    config,
    http,
    s3,
    async login(email, password) {
      const res = await http.post('/auth/login').send({ email, password });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.accessToken as string;
    },
    adminToken() {
      return harness.login(ADMIN.email, ADMIN.password);
    },
    async createUser(role, email) {
      counter += 1;
      const address = email ?? `${role}${counter}-${Date.now()}@reelguard.test`;
      const password = `pass-${role}-${counter}-long-enough`;
      const res = await http
        .post('/users')
        .set('Authorization', `Bearer ${await harness.adminToken()}`)
        .send({ email: address, password, role });
      if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { id: res.body.id as string, email: address, password, token: await harness.login(address, password) };
    },
    async close() {
      await app.close();
      if (shared) return;
      await dropDatabaseQuietly(databaseUrl);
      await s3.stop();
    },
  };
  return harness;
}
