import { describe, expect, it } from 'vitest';
import { probeResult } from '../__fixtures__/probe-results.js';
import { buildDecodeCheckArgs } from './decode-check.js';
import { buildProbeArgs } from './probe-media.js';

describe('buildProbeArgs', () => {
  it('limits ffprobe to local files and to video and single-image demuxers', () => {
    const args = buildProbeArgs('/in/upload');
    expect(args).toEqual(
      expect.arrayContaining(['-protocol_whitelist', 'file', '-print_format', 'json', '-show_format', '-show_streams']),
    );
    const formats = args[args.indexOf('-format_whitelist') + 1].split(',');
    expect(formats).toEqual(expect.arrayContaining(['mov', 'matroska', 'png_pipe']));
    expect(formats).not.toEqual(expect.arrayContaining(['hls']));
    expect(formats).not.toContain('concat');
    expect(args.slice(-2)).toEqual(['-i', '/in/upload']);
  });
});

describe('buildDecodeCheckArgs', () => {
  it('decodes the first and the last second, stopping at the first error', () => {
    const args = buildDecodeCheckArgs('/in/upload', probeResult({ durationSec: 30 }));
    expect(args).toContain('-xerror');
    expect(args.filter((a) => a === '-i')).toHaveLength(2);
    expect(args[args.indexOf('-ss') + 1]).toBe('29.000');
    expect(args.filter((a) => a === 'null')).toHaveLength(2);
  });

  it('decodes a short video once', () => {
    const args = buildDecodeCheckArgs('/in/upload', probeResult({ durationSec: 1.5 }));
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(args).not.toContain('-ss');
  });
});
