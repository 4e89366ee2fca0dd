// Turns the key=value blocks FFmpeg prints with `-progress pipe:1` into a fraction of the
// source's duration. Pure: fed text chunks, it returns the progress reports they complete.
export interface FfmpegProgress {
  /** 0..1 of the known duration (0 when the duration is unknown) */
  readonly fraction: number;
  /** seconds of output written so far */
  readonly outTimeSec: number;
  /** encoding speed relative to real time, when FFmpeg reports it */
  readonly speed: number | null;
  /** true on the last report, written when FFmpeg finishes */
  readonly done: boolean;
}

export class ProgressParser {
  private partial = '';
  private outTimeUs = 0;
  private speed: number | null = null;

  constructor(private readonly durationSec: number | null) {}

  push(chunk: string): FfmpegProgress[] {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    const reports: FfmpegProgress[] = [];
    for (const line of lines) {
      const report = this.readLine(line.trim());
      if (report) reports.push(report);
    }
    return reports;
  }

  private readLine(line: string): FfmpegProgress | null {
    const eq = line.indexOf('=');
    if (eq <= 0) return null;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    switch (key) {
      case 'out_time_us': {
        // "N/A" before the first packet; never let the fraction go backwards.
        const us = Number(value);
        if (Number.isFinite(us) && us > this.outTimeUs) this.outTimeUs = us;
        return null;
      }
      case 'speed': {
        const speed = Number.parseFloat(value);
        this.speed = Number.isFinite(speed) ? speed : null;
        return null;
      }
      case 'progress':
        return this.report(value === 'end');
      default:
        return null;
    }
  }

  private report(done: boolean): FfmpegProgress {
    const outTimeSec = this.outTimeUs / 1_000_000;
    const duration = this.durationSec;
    let fraction = duration !== null && duration > 0 ? Math.min(1, outTimeSec / duration) : 0;
    if (done) fraction = 1;
    return { fraction, outTimeSec, speed: this.speed, done };
  }
}
