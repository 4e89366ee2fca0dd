// The API's Node.js flags are spelled out in three places: scripts/node-flags.mjs (npm start and
// the benchmarks), the container image and docker-compose.yml. They must agree, or what is
// measured is not what is deployed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

type NodeFlags = { nodeArgs(script: string): string[]; NODE_WARNINGS: string };
const API = 'apps/api/dist/main.js';

async function apiFlags(): Promise<string[]> {
  const flags = (await import(new URL('scripts/node-flags.mjs', root).href)) as NodeFlags;
  return flags.nodeArgs(API).filter((flag) => flag !== flags.NODE_WARNINGS);
}

describe("the API's Node.js flags", () => {
  it('are the same for npm start, the container image and docker-compose.yml', async () => {
    const flags = await apiFlags();
    expect(flags).toEqual(['--min-semi-space-size=16', '--max-semi-space-size=16']);

    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(JSON.parse(cmd ?? 'null')).toEqual(['node', ...flags, API]);

    const compose = read('docker-compose.yml');
    const apiCommand = /^ {4}command: (\[.*'apps\/api\/dist\/main\.js'\])$/m.exec(compose)?.[1];
    expect(JSON.parse((apiCommand ?? 'null').replaceAll("'", '"'))).toEqual(['node', ...flags, API]);
  });

  it('are given to no other process', async () => {
    const flags = (await import(new URL('scripts/node-flags.mjs', root).href)) as NodeFlags;
    expect(flags.nodeArgs('apps/worker/dist/main.js')).toEqual([flags.NODE_WARNINGS]);
    expect(flags.nodeArgs('libs/storage/dist/embedded-server-main.js')).toEqual([flags.NODE_WARNINGS]);
  });
});
