// An embedded S3-compatible server on a free loopback port with its own temp folder, per test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedS3 } from '@reelguard/storage';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  directory: string;
  stop(): Promise<void>;
}

export async function startTestS3(bucket = 'reelguard-test'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'reelguard-s3-'));
  const server = await startEmbeddedS3({ directory, port: 0, bucket });
  return {
    endpoint: server.endpoint,
    bucket,
    directory,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
