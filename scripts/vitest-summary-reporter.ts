// Prints the plain closing lines CI reads: every failed test and every unhandled error, each
// with its message and the head of its stack, then "N passed, N failed". A file that fails to
// load, or whose hooks fail so its tests never run, counts as a failure: a broken suite never
// passes by running nothing. The failures are repeated here, at the very end, so that the last
// lines of a long run say what went wrong, not only that something did.
import { relative } from 'node:path';
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

const STACK_LINES = 12;

const file = (path: string) => relative(process.cwd(), path);

/** "Name: message" and the first frames of the stack, indented. */
function describeError(error: SerializedError | undefined): string {
  if (!error) return '  (no error recorded)';
  const head = `${error.name ?? 'Error'}: ${error.message}`;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, STACK_LINES)
    .map((line) => `    ${line.trim()}`);
  const cause = error.cause ? `\n  caused by ${describeError(error.cause).trimStart()}` : '';
  return [`  ${head}`, ...frames].join('\n') + cause;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = 0;
    const report: string[] = [];
    for (const mod of modules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') {
          failedHere += 1;
          report.push(`failed: ${file(mod.moduleId)} > ${test.fullName}\n${describeError(result.errors?.[0])}`);
        }
      }
      if (failedHere === 0 && mod.state() === 'failed') {
        failedHere = 1;
        report.push(`failed to run: ${file(mod.moduleId)}\n${describeError(mod.errors()[0])}`);
      }
      failed += failedHere;
    }
    for (const error of unhandledErrors) {
      const where = typeof error.VITEST_TEST_PATH === 'string' ? ` in ${file(error.VITEST_TEST_PATH)}` : '';
      const test = typeof error.VITEST_TEST_NAME === 'string' ? ` (during or after "${error.VITEST_TEST_NAME}")` : '';
      report.push(`unhandled error${where}${test}\n${describeError(error)}`);
    }
    failed += unhandledErrors.length;
    if (report.length > 0) process.stdout.write(`\n${report.join('\n\n')}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  }
}
