// Worker entry point: checks its dependencies, then runs the outbox relay and the job
// handlers until SIGTERM, when it finishes or releases the current job before exiting.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@reelguard/config';
import { PinoNestLogger, createLogger, preflight } from '@reelguard/runtime';
import { WorkerModule } from './worker.module.js';

const config = loadConfigOrExit();
await preflight(config, 'reelguard-worker');
const logger = createLogger(config.LOG_LEVEL, 'reelguard-worker');
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
  logger: new PinoNestLogger(logger),
});
app.enableShutdownHooks();
await app.init();
logger.info({ concurrency: config.TRANSCODE_CONCURRENCY }, 'Reelguard worker running');
