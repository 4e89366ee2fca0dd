// Reads a thumbnail storyboard: a WebVTT file whose cues point into a sprite image with
// `#xywh=x,y,w,h` fragments. The preview shows a handful of those tiles.

export interface StoryboardTile {
  start: number;
  end: number;
  /** Sprite URL resolved against the WebVTT file's URL. */
  image: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function parseTimestamp(text: string): number | null {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(text.trim());
  if (!match) return null;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms.padEnd(3, '0')) / 1000;
}

/** Resolves `reference` against `base` even when `base` is root-relative (`/videos/…`). */
export function resolveAgainst(reference: string, base: string): string {
  const origin = 'http://reelguard.invalid';
  const resolved = new URL(reference, new URL(base, origin));
  return resolved.origin === origin ? `${resolved.pathname}${resolved.search}` : resolved.href;
}

export function parseStoryboard(vtt: string, vttUrl: string): StoryboardTile[] {
  const tiles: StoryboardTile[] = [];
  const lines = vtt.replace(/\r\n?/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (!line.includes('-->')) continue;
    const [startText = '', endText = ''] = line.split('-->');
    const start = parseTimestamp(startText);
    const end = parseTimestamp(endText.trim().split(/\s+/)[0] ?? '');
    const target = (lines[index + 1] ?? '').trim();
    const hash = target.lastIndexOf('#xywh=');
    if (start === null || end === null || hash < 0) continue;
    const numbers = target
      .slice(hash + 6)
      .split(',')
      .map(Number);
    if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) continue;
    const [x = 0, y = 0, width = 0, height = 0] = numbers;
    tiles.push({ start, end, image: resolveAgainst(target.slice(0, hash), vttUrl), x, y, width, height });
  }
  return tiles;
}

/** Up to `count` tiles spread evenly over the video. */
export function sampleTiles<T>(tiles: readonly T[], count: number): T[] {
  if (tiles.length <= count) return [...tiles];
  const step = tiles.length / count;
  return Array.from({ length: count }, (_, index) => tiles[Math.floor(index * step)]).filter(
    (tile): tile is T => tile !== undefined,
  );
}
