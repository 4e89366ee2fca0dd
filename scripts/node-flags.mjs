// The Node.js command line of each Reelguard process, shared by `npm start` and the benchmarks
// so that what is measured is what runs. The container image and docker-compose.yml spell the
// same flags out (docs/adr/0058-api-young-generation.md).
export const NODE_WARNINGS = '--disable-warning=NodeVersionSupportWarning';

/** V8 flags per entry script. */
const FLAGS = {
  // Requests leave short-lived garbage (about 23 KB each). A semi-space fixed at 16 MiB from the
  // start: V8's own sizing often keeps it at a few MiB under load, scavenging hundreds of times
  // a run; larger fixed sizes save little more and make each pause longer (ADR 0058).
  'apps/api/dist/main.js': ['--min-semi-space-size=16', '--max-semi-space-size=16'],
};

/** Arguments for `node` before `script` (relative to the repository root, as FLAGS names it). */
export function nodeArgs(script) {
  return [NODE_WARNINGS, ...(FLAGS[script] ?? [])];
}
