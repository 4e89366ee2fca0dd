// Worker entry point (transcoding, outbox relay, audit sealing).
import 'reflect-metadata';
import { loadConfigOrExit } from '@reelguard/config';

const config = loadConfigOrExit();
process.stdout.write(`reelguard-worker: ready (queue on ${new URL(config.REDIS_URL).host})\n`);
const keepAlive = setInterval(() => undefined, 60_000);
const stop = () => {
  clearInterval(keepAlive);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
