// Boots the real worker (outbox relay and job runner) against the same configuration as an
// API test harness, so a test can upload through the API and watch the video get transcoded.
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { pino } from 'pino';
import type { Config } from '@reelguard/config';
import { PinoNestLogger } from '@reelguard/runtime';
import { WorkerModule } from '../src/worker.module.js';

export async function startWorker(config: Config): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(pino({ level: process.env.TEST_WORKER_LOG ?? 'silent' })),
  });
  await app.init();
  return app;
}
