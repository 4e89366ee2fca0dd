// Runs the embedded S3-compatible server as its own process (started by `npm start` and the
// test runner when S3_ENDPOINT is unset). Prints one JSON line with the endpoint when ready.
import { loadConfigOrExit } from '@reelguard/config';
import { startEmbeddedS3 } from './embedded-server.js';

const config = loadConfigOrExit();
const port = Number(process.env.S3_EMBEDDED_PORT_OVERRIDE ?? config.S3_EMBEDDED_PORT);
try {
  const server = await startEmbeddedS3({ directory: config.S3_EMBEDDED_DIR, port, bucket: config.S3_BUCKET });
  process.stdout.write(`${JSON.stringify({ event: 'ready', endpoint: server.endpoint })}\n`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  const code = (error as { code?: string }).code;
  process.stderr.write(
    code === 'EADDRINUSE'
      ? `reelguard: port ${port} for the embedded S3 server is in use: set S3_EMBEDDED_PORT or S3_ENDPOINT.\n`
      : `reelguard: the embedded S3 server could not start: ${(error as Error).message}\n`,
  );
  process.exit(1);
}
