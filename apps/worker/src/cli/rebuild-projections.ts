// `npm run projections:rebuild`: truncates the read tables and replays the whole event store
// into them, in one transaction (writers wait meanwhile, readers see the old rows until commit).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfigOrExit } from '@reelguard/config';
import { EventStore, dataSourceOptions, describeDatabaseError } from '@reelguard/persistence';
import { exitWith } from '@reelguard/runtime';
import { rebuildProjections } from '@reelguard/videos';

const config = loadConfigOrExit();
const dataSource = new DataSource(
  dataSourceOptions(config.DATABASE_URL, { applicationName: 'reelguard-rebuild', poolSize: 2 }),
);
try {
  await dataSource.initialize();
} catch (error) {
  exitWith('reelguard-rebuild', describeDatabaseError(error, config.DATABASE_URL));
}
const started = Date.now();
const replayed = await rebuildProjections(dataSource, new EventStore(dataSource));
const [{ videos }] = (await dataSource.query('SELECT count(*)::int AS videos FROM videos')) as { videos: number }[];
process.stdout.write(`reelguard: replayed ${replayed} events into ${videos} videos in ${Date.now() - started} ms\n`);
await dataSource.destroy();
