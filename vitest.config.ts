// One test runner for the whole repository. Test files say their tier in their name:
// *.spec.ts(x) unit (no I/O), *.int.spec.ts real services, *.e2e.spec.ts whole system or browser.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const libs = readdirSync(new URL('./libs', import.meta.url));

export default defineConfig({
  resolve: {
    alias: libs.map((name) => ({
      find: new RegExp(`^@reelguard/${name}$`),
      replacement: `${root}libs/${name}/src/index.ts`,
    })),
  },
  test: {
    include: ['{apps,libs,test}/**/*.spec.{ts,tsx}'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/*.fault.spec.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
  },
});
