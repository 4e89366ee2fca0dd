// Node's own floor for `bench:stream`: a bare `node:cluster` HTTP server that answers
// GET /<file> for every file of FLOOR_DIR from memory, sending each body by sendfile(2) from a
// sealed in-memory file exactly as the API sends a cached segment (`endWithSealedBody` of
// libs/zerocopy), with no checks, no audit entry and the segment's own headers only. What the
// API adds to a segment request is the difference between it and this server.
// Environment: PORT, FLOOR_DIR, FLOOR_WORKERS (processes, default 1).
import cluster from 'node:cluster';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { endWithSealedBody, loadZeroCopy } from '@reelguard/zerocopy';

const port = Number(process.env.PORT);
const workers = Number(process.env.FLOOR_WORKERS ?? 1);
const { zeroCopy, reason } = loadZeroCopy();

if (cluster.isPrimary && workers > 1) {
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === workers) say();
  });
  for (let i = 0; i < workers; i += 1) cluster.fork();
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  const files = new Map();
  for (const name of readdirSync(process.env.FLOOR_DIR)) {
    const bytes = readFileSync(join(process.env.FLOOR_DIR, name));
    files.set(`/${name}`, { bytes, sealed: zeroCopy?.seal(bytes) ?? null });
  }
  createServer((req, res) => {
    const file = files.get(req.url);
    if (!file || req.method !== 'GET') {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('Content-Type', 'video/mp4');
    res.setHeader('Content-Length', String(file.bytes.length));
    res.statusCode = 200;
    try {
      if (file.sealed && endWithSealedBody(zeroCopy, res, file.sealed, 0, file.bytes.length)) return;
    } catch {
      // The client went away mid-body (wrk closes its connections when a run ends): as the API does.
      return res.destroy();
    }
    res.end(file.bytes);
  }).listen(port, '127.0.0.1', () => {
    if (!cluster.isWorker) say();
  });
}

function say() {
  process.stdout.write(
    `${JSON.stringify({ ready: true, workers, sending: zeroCopy ? 'sendfile' : `copied (${reason})` })}\n`,
  );
}
