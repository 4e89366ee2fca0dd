// Keeps the last lines a tool printed on stderr, made fit to show a person: bounded in size,
// local paths reduced to their file names, and FFmpeg's context pointers dropped.
const MAX_LINE_LENGTH = 400;

// "/any/dir/name.ext" (optionally as a file: URL) becomes "name.ext": directories of the
// worker's machine are nobody's business, the file name is enough to understand the error.
const ABSOLUTE_PATH = /(?:file:(?:\/\/)?)?(?:\/[^\s'"/:]+)+\/([^\s'"/:]+)/g;
// "[hls @ 0x55b7e66b3280]" → "[hls]"
const CONTEXT_POINTER = /\[([^\]@]+?) @ 0x[0-9a-f]+\]/g;

export function redactLine(line: string): string {
  const cleaned = line.replace(CONTEXT_POINTER, '[$1]').replace(ABSOLUTE_PATH, '$1').trim();
  return cleaned.length > MAX_LINE_LENGTH ? `${cleaned.slice(0, MAX_LINE_LENGTH)}…` : cleaned;
}

/** Collects text chunks and remembers only the last `maxLines` non-empty lines. */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly maxLines = 8) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    // A line longer than anything useful is cut now, so a tool printing without newlines
    // cannot make this buffer grow without bound.
    if (this.partial.length > MAX_LINE_LENGTH * 4) this.partial = this.partial.slice(-MAX_LINE_LENGTH);
    for (const part of parts) this.add(part);
  }

  /** The remembered lines, including an unterminated last line. */
  read(): string[] {
    const all = this.partial.trim() === '' ? [...this.lines] : [...this.lines, this.partial];
    return all.slice(-this.maxLines).map(redactLine);
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }
}
