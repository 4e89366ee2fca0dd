import { describe, expect, it } from 'vitest';
import { StderrTail, redactLine } from './stderr-tail.js';

describe('redactLine', () => {
  it('keeps file names but not the folders of this machine', () => {
    expect(redactLine('/var/lib/reelguard/jobs/abc/source.mp4: Invalid data found when processing input')).toBe(
      'source.mp4: Invalid data found when processing input',
    );
    expect(redactLine('[hls @ 0x55b7e66b3280] URL file:///etc/passwd is not allowed')).toBe(
      '[hls] URL passwd is not allowed',
    );
  });

  it('cuts very long lines', () => {
    expect(redactLine('x'.repeat(1000)).length).toBeLessThan(450);
  });
});

describe('StderrTail', () => {
  it('keeps only the last lines, joining chunks split mid-line', () => {
    const tail = new StderrTail(2);
    tail.push('first\nsec');
    tail.push('ond\nthird\n\n');
    expect(tail.read()).toEqual(['second', 'third']);
  });

  it('includes an unterminated last line', () => {
    const tail = new StderrTail(3);
    tail.push('one\ntwo');
    expect(tail.read()).toEqual(['one', 'two']);
  });

  it('stays bounded when a tool prints without newlines', () => {
    const tail = new StderrTail(3);
    for (let i = 0; i < 1000; i++) tail.push('y'.repeat(1000));
    expect(tail.read().join('').length).toBeLessThan(2000);
  });
});
