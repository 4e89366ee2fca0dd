import { describe, expect, it } from 'vitest';
import { ProgressParser } from './progress.js';

const block = (outTimeUs: string, progress = 'continue', speed = '2.5x'): string =>
  `frame=10\nfps=0.00\nout_time_us=${outTimeUs}\nout_time=00:00:01.000000\nspeed=${speed}\nprogress=${progress}\n`;

describe('ProgressParser', () => {
  it('reports the output time as a fraction of the duration', () => {
    const parser = new ProgressParser(10);
    expect(parser.push(block('2500000'))).toEqual([{ fraction: 0.25, outTimeSec: 2.5, speed: 2.5, done: false }]);
  });

  it('waits for a whole block even when chunks split lines', () => {
    const parser = new ProgressParser(4);
    const text = block('1000000');
    expect(parser.push(text.slice(0, 25))).toEqual([]);
    expect(parser.push(text.slice(25, text.length - 3))).toEqual([]);
    expect(parser.push(text.slice(text.length - 3))).toEqual([
      { fraction: 0.25, outTimeSec: 1, speed: 2.5, done: false },
    ]);
  });

  it('ignores N/A and never goes backwards', () => {
    const parser = new ProgressParser(10);
    parser.push(block('5000000'));
    const [report] = parser.push(block('N/A', 'continue', 'N/A'));
    expect(report).toEqual({ fraction: 0.5, outTimeSec: 5, speed: null, done: false });
  });

  it('clamps at 1 and reports 1 at the end even if the last time is short', () => {
    const parser = new ProgressParser(10);
    expect(parser.push(block('12000000'))[0].fraction).toBe(1);
    const end = new ProgressParser(10).push(block('9960000', 'end'));
    expect(end).toEqual([{ fraction: 1, outTimeSec: 9.96, speed: 2.5, done: true }]);
  });

  it('reports 0 while the duration is unknown', () => {
    expect(new ProgressParser(null).push(block('3000000'))[0]).toMatchObject({ fraction: 0, outTimeSec: 3 });
  });
});
