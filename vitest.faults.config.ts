// The fault suite (`npm run test:faults`): test/faults/**/*.fault.spec.ts only, which kill and
// restart real processes and so stay out of `npm test`.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/faults/**/*.fault.spec.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 600_000,
  },
});
