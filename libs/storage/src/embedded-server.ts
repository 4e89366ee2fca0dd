// The embedded S3-compatible server for local use and tests (@20minutes/s3rver on loopback).
// It verifies SigV4 signatures but does not enforce bucket privacy: that is MinIO's or AWS's job.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import S3rver from '@20minutes/s3rver';

export interface EmbeddedS3 {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmbeddedS3(options: {
  directory: string;
  port: number;
  bucket: string;
  address?: string;
}): Promise<EmbeddedS3> {
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: options.address ?? '127.0.0.1',
    port: options.port,
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket }],
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: async () => {
      await server.close();
    },
  };
}
