// API entry point: validated configuration, dependencies checked (the database created if
// missing), migrations run, then HTTP. A dependency that is down stops start-up with one line.
// With API_WORKERS > 1 this process supervises that many API processes on the same port.
import 'reflect-metadata';
import { loadConfigOrExit } from '@reelguard/config';
import { describeDatabaseError } from '@reelguard/persistence';
import { createLogger, exitWith, preflight } from '@reelguard/runtime';
import { createApp, ensureFirstAdmin } from './app-factory.js';
import { isApiClusterWorker, onClusterShutdown, runApiPrimary } from './infrastructure/api-cluster.js';

const config = loadConfigOrExit();
const clustered = config.API_WORKERS > 1;

if (clustered && !isApiClusterWorker()) {
  await runApiPrimary({
    workers: config.API_WORKERS,
    shutdownTimeoutMs: (config.HTTP_DRAIN_TIMEOUT_SEC + 10) * 1000,
    logger: createLogger(config.LOG_LEVEL, 'reelguard-api'),
  });
} else {
  await preflight(config, 'reelguard-api');
  let created;
  try {
    created = await createApp(config, { shutdownHooks: !clustered });
  } catch (error) {
    exitWith('reelguard-api', `start-up failed: ${describeDatabaseError(error, config.DATABASE_URL)}`);
  }
  const { app, logger } = created;
  if (clustered) {
    onClusterShutdown(async () => {
      await app.close();
      process.exit(0);
    });
  }
  await ensureFirstAdmin(app, config);
  await app.listen(config.PORT, config.HOST);
  logger.info({ port: config.PORT, host: config.HOST }, 'Reelguard API listening');
}
