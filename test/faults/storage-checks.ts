// What a viewer could find in storage must always hold together: the master playlist names only
// stored variant playlists, each variant playlist names only stored segments (and the key,
// which is served by the API, not stored), and once a transcode is complete every rendition is
// ended and no stored segment is left out of its playlist.
import { readFile, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { expect } from 'vitest';
import { KEY_NAME, MASTER_PLAYLIST_NAME, parseResourceName } from '@reelguard/media';
import type { ObjectStorage } from '@reelguard/storage';

function uriNames(playlist: string): string[] {
  const names: string[] = [];
  for (const line of playlist.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    if (!line.startsWith('#')) names.push(line);
    else for (const match of line.matchAll(/URI="([^"]+)"/g)) names.push(match[1]!);
  }
  return names;
}

export async function assertConsistentHls(
  storage: ObjectStorage,
  prefix: string,
  options: { complete: boolean },
): Promise<void> {
  const stored = new Map((await storage.list(prefix)).map((o) => [o.key.slice(prefix.length), o.size]));
  const read = async (name: string) => (await storage.getBuffer(`${prefix}${name}`)).toString('utf8');
  const dangling: string[] = [];
  const referenced = new Set<string>();

  if (options.complete) expect(stored.has(MASTER_PLAYLIST_NAME), `${prefix}${MASTER_PLAYLIST_NAME}`).toBe(true);
  const variants = stored.has(MASTER_PLAYLIST_NAME) ? uriNames(await read(MASTER_PLAYLIST_NAME)) : [];
  for (const variant of variants) if (!stored.has(variant)) dangling.push(`${MASTER_PLAYLIST_NAME} → ${variant}`);

  const playlists = [...stored.keys()].filter((name) => parseResourceName(name)?.kind === 'variant-playlist');
  for (const playlist of playlists) {
    const text = await read(playlist);
    if (options.complete) expect(text, playlist).toContain('#EXT-X-ENDLIST');
    for (const name of uriNames(text)) {
      if (name === KEY_NAME) continue;
      referenced.add(name);
      if (!stored.has(name)) dangling.push(`${playlist} → ${name}`);
      else if (stored.get(name) === 0) dangling.push(`${playlist} → ${name} (empty)`);
    }
  }
  expect(dangling).toEqual([]);
  if (options.complete) {
    expect(playlists.sort()).toEqual([...variants].sort());
    const segments = [...stored.keys()].filter((name) => {
      const kind = parseResourceName(name)?.kind;
      return kind === 'media-segment' || kind === 'init-segment';
    });
    expect(segments.filter((name) => !referenced.has(name))).toEqual([]);
  }
}

/** Process ids of FFmpeg processes with an argument inside `dir`. */
export async function ffmpegRunningIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const args = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (basename(args[0] ?? '') === 'ffmpeg' && args.some((a) => a.includes(dir))) pids.push(Number(entry));
  }
  return pids;
}
