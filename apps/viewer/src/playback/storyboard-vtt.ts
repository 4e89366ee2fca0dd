// Parses a thumbnail storyboard (WebVTT whose cue payloads are `sprite.jpg#xywh=x,y,w,h`) and
// finds the cue for a time. Image references are resolved against the WebVTT file's own URL,
// and stay root-relative when they point at the same origin (so they can be fetched with the
// viewer's token).

export interface SpriteRegion {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface StoryboardCue {
  /** Seconds. */
  start: number;
  /** Seconds. */
  end: number;
  /** Resolved image URL, without the `#xywh` fragment. */
  image: string;
  /** Region of the sprite to show; null means the whole image. */
  region: SpriteRegion | null;
}

const PLACEHOLDER_ORIGIN = 'https://storyboard.invalid';

/** `hh:mm:ss.ttt` or `mm:ss.ttt` → seconds; null when malformed. */
export function parseVttTimestamp(text: string): number | null {
  const match = /^(?:(\d+):)?([0-5]\d):([0-5]\d)(?:[.,](\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const [, hours = '0', minutes = '0', seconds = '0', fraction = '0'] = match;
  return (
    Number.parseInt(hours, 10) * 3600 +
    Number.parseInt(minutes, 10) * 60 +
    Number.parseInt(seconds, 10) +
    Number.parseInt(fraction.padEnd(3, '0'), 10) / 1000
  );
}

/** Resolves `reference` against `base`; same-origin results stay root-relative. */
export function resolveRelativeUrl(reference: string, base: string): string {
  const resolved = new URL(reference, new URL(base, PLACEHOLDER_ORIGIN));
  if (resolved.origin === PLACEHOLDER_ORIGIN) return `${resolved.pathname}${resolved.search}`;
  return resolved.href;
}

function parseRegion(fragment: string): SpriteRegion | null {
  const match = /^xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/.exec(fragment.trim());
  if (!match) return null;
  const [x, y, w, h] = match.slice(1).map((part) => Number.parseInt(part, 10)) as [number, number, number, number];
  if (w === 0 || h === 0) return null;
  return { x, y, w, h };
}

function parseCueBlock(lines: string[], vttUrl: string): StoryboardCue | null {
  const timingIndex = lines.findIndex((line) => line.includes('-->'));
  if (timingIndex < 0 || timingIndex > 1) return null;
  const timing = lines[timingIndex] ?? '';
  const [startText = '', rest = ''] = timing.split('-->');
  const endText = rest.trim().split(/\s+/)[0] ?? '';
  const start = parseVttTimestamp(startText);
  const end = parseVttTimestamp(endText);
  const payload = lines
    .slice(timingIndex + 1)
    .find((line) => line.trim() !== '')
    ?.trim();
  if (start === null || end === null || end <= start || !payload) return null;
  const hashAt = payload.indexOf('#');
  const reference = hashAt >= 0 ? payload.slice(0, hashAt) : payload;
  if (reference === '') return null;
  const region = hashAt >= 0 ? parseRegion(payload.slice(hashAt + 1)) : null;
  let image: string;
  try {
    image = resolveRelativeUrl(reference, vttUrl);
  } catch {
    return null;
  }
  return { start, end, image, region };
}

/** Cues sorted by start time; an input that is not WebVTT gives no cues. */
export function parseStoryboardVtt(text: string, vttUrl: string): StoryboardCue[] {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t]|\n|$)/.test(normalised)) return [];
  const cues: StoryboardCue[] = [];
  for (const block of normalised.split(/\n[ \t]*\n/)) {
    const lines = block.split('\n').filter((line, index) => index > 0 || line.trim() !== '');
    const first = lines[0]?.trim() ?? '';
    if (first === '' || first.startsWith('WEBVTT') || /^(NOTE|STYLE|REGION)\b/.test(first)) continue;
    const cue = parseCueBlock(lines, vttUrl);
    if (cue) cues.push(cue);
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue showing at `time` (seconds), by binary search over cues sorted by start. */
export function findStoryboardCue(cues: readonly StoryboardCue[], time: number): StoryboardCue | null {
  if (!Number.isFinite(time) || cues.length === 0) return null;
  let low = 0;
  let high = cues.length - 1;
  let candidate = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((cues[middle]?.start ?? Infinity) <= time) {
      candidate = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  const cue = candidate >= 0 ? cues[candidate] : undefined;
  if (cue && time < cue.end) return cue;
  // Past the last cue's end (durations rarely match exactly): keep showing the last frame.
  const last = cues[cues.length - 1];
  return last && time >= last.end && time - last.end < 1 ? last : null;
}
