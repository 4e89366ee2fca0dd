// API entry point: validated configuration, the database created if missing, migrations run,
// then HTTP. A dependency that is down stops start-up with one line naming it.
import 'reflect-metadata';
import { loadConfigOrExit } from '@reelguard/config';
import { describeDatabaseError, ensureDatabase } from '@reelguard/persistence';
import { Redis } from 'ioredis';
import { createStorage } from './infrastructure/infrastructure.module.js';
import { createApp, ensureFirstAdmin } from './app-factory.js';

function fail(message: string): never {
  process.stderr.write(`reelguard-api: ${message}\n`);
  process.exit(1);
}

const config = loadConfigOrExit();

try {
  await ensureDatabase(config.DATABASE_URL);
} catch (error) {
  fail(describeDatabaseError(error, config.DATABASE_URL));
}
{
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    fail(`cannot reach Redis at ${new URL(config.REDIS_URL).host} (${(error as Error).message}): is it running? Check REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}
{
  const storage = createStorage(config);
  try {
    await storage.ensureBucket();
  } catch {
    fail(`cannot reach object storage at ${config.S3_ENDPOINT_RESOLVED} (bucket ${config.S3_BUCKET}): check S3_ENDPOINT and the S3 credentials.`);
  } finally {
    storage.destroy();
  }
}

let created;
try {
  created = await createApp(config);
} catch (error) {
  fail(`start-up failed: ${describeDatabaseError(error, config.DATABASE_URL)}`);
}
const { app, logger } = created;
await ensureFirstAdmin(app, config);
await app.listen(config.PORT, config.HOST);
logger.info({ port: config.PORT, host: config.HOST }, 'Reelguard API listening');
