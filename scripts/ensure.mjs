// Brings a fresh clone to a runnable state with nothing but Node and npm: node modules,
// FFmpeg (and Chromium for the browser tests) from the system package manager when allowed,
// and up-to-date builds. Uses only Node's own modules, since it runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

const say = (line) => process.stdout.write(`reelguard: ${line}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

function has(command, args = ['-version']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing node modules (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function canInstallSystemPackages() {
  return process.getuid?.() === 0 && has('apt-get', ['--version']);
}

export function ensureSystemPackage(command, pkg, purpose, versionArgs = ['-version']) {
  if (has(command, versionArgs)) return true;
  if (!canInstallSystemPackages()) {
    say(
      `${command} is missing: install the "${pkg}" package (for example: sudo apt-get install -y ${pkg}) ${purpose}.`,
    );
    return false;
  }
  say(`installing ${pkg} with apt-get (${purpose})…`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return has(command, versionArgs);
}

/**
 * The zero-copy module (libs/zerocopy/native, Linux only) with npm's own node-gyp. Optional: when
 * it cannot be built, the API copies segments into sockets as Node does, and says so at start.
 */
export function ensureNative() {
  if (process.platform !== 'linux') return;
  const dir = join(root, 'libs', 'zerocopy', 'native');
  const built = join(dir, 'build', 'Release', 'reelguard_zerocopy.node');
  const sources = ['zerocopy.c', 'binding.gyp'].map((name) => statSync(join(dir, name)).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) return;
  say('building the zero-copy module for segment sending (node-gyp)…');
  const result = spawnSync('npm', ['run', 'build:native', '-w', '@reelguard/zerocopy'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    say(
      'the zero-copy module could not be built (it needs python3, make and a C compiler): segments will be copied into sockets instead.',
    );
  }
}

export function ensureBuilt() {
  ensureNative();
  run('npx', ['tsc', '-b', 'tsconfig.json']);
  for (const app of ['admin', 'viewer']) {
    const dir = join(root, 'apps', app);
    const index = join(dir, 'dist', 'index.html');
    if (!existsSync(join(dir, 'vite.config.ts'))) continue;
    const stale = !existsSync(index) || newestMtime(join(dir, 'src')) > statSync(index).mtimeMs;
    if (stale) {
      say(`building the ${app} app…`);
      // Always a production bundle, also when called from the test runner (NODE_ENV=test).
      run('npm', ['run', 'build', '-w', `@reelguard/${app}`], { env: { ...process.env, NODE_ENV: 'production' } });
    }
  }
}

/** Everything `npm start` and `npm test` need before they run. */
export function ensureAll({ browser = false } = {}) {
  ensureNodeModules();
  const ffmpeg = ensureSystemPackage('ffmpeg', 'ffmpeg', 'to transcode uploads into HLS');
  if (!ffmpeg) process.exit(1);
  if (browser && !ensureSystemPackage('chromium', 'chromium', 'for the browser tests', ['--version'])) process.exit(1);
  ensureBuilt();
}

export function commandVersion(command) {
  try {
    return execFileSync(command, ['-version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return null;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureAll();
