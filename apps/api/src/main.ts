// API entry point: validated configuration, dependencies checked (the database created if
// missing), migrations run, then HTTP. A dependency that is down stops start-up with one line.
import 'reflect-metadata';
import { loadConfigOrExit } from '@reelguard/config';
import { describeDatabaseError } from '@reelguard/persistence';
import { exitWith, preflight } from '@reelguard/runtime';
import { createApp, ensureFirstAdmin } from './app-factory.js';

const config = loadConfigOrExit();
await preflight(config, 'reelguard-api');

let created;
try {
  created = await createApp(config);
} catch (error) {
  exitWith('reelguard-api', `start-up failed: ${describeDatabaseError(error, config.DATABASE_URL)}`);
}
const { app, logger } = created;
await ensureFirstAdmin(app, config);
await app.listen(config.PORT, config.HOST);
logger.info({ port: config.PORT, host: config.HOST }, 'Reelguard API listening');
