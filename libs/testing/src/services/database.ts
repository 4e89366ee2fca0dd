// A fresh, migrated PostgreSQL database per test file, dropped afterwards, so suites never
// share state and can run beside each other.
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, dropDatabase, ensureDatabase } from '@reelguard/persistence';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

export function testDatabaseUrl(prefix = 'reelguard_test'): string {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${prefix}_${randomBytes(5).toString('hex')}`;
  return url.toString();
}

export async function createTestDatabase(prefix?: string): Promise<TestDatabase> {
  const url = testDatabaseUrl(prefix);
  await ensureDatabase(url);
  const dataSource = new DataSource(
    dataSourceOptions(url, { poolSize: 5, applicationName: 'reelguard-test', logErrors: false }),
  );
  await dataSource.initialize();
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}

export async function dropDatabaseQuietly(url: string): Promise<void> {
  await dropDatabase(url).catch(() => undefined);
}
