// The Node.js command line of each Reelguard process, shared by `npm start` and the benchmarks
// so that what is measured is what runs. The container image and docker-compose.yml spell the
// same flags out (docs/adr/0058-api-young-generation.md).
export const NODE_WARNINGS = '--disable-warning=NodeVersionSupportWarning';

/** V8 flags per entry script. */
const FLAGS = {
  // Requests leave short-lived garbage; a 64 MiB semi-space means fewer scavenges, each copying
  // what the requests in flight still hold (ADR 0058).
  'apps/api/dist/main.js': ['--max-semi-space-size=64'],
};

/** Arguments for `node` before `script` (relative to the repository root, as FLAGS names it). */
export function nodeArgs(script) {
  return [NODE_WARNINGS, ...(FLAGS[script] ?? [])];
}
