import { describe, expect, it } from 'vitest';
import { probeResult, videoStream } from '../__fixtures__/probe-results.js';
import { planLadder } from '../ladder/plan-ladder.js';
import { buildPosterCommand, posterSize, posterTime } from './poster-command.js';

describe('poster', () => {
  it('is taken 10 % into the video', () => {
    expect(posterTime(120)).toBe(12);
    expect(posterTime(5.5)).toBe(0.55);
    expect(posterTime(null)).toBe(0);
  });

  it('is no larger than 720p, in the rendition shape', () => {
    expect(posterSize(planLadder(probeResult()))).toEqual({ width: 1280, height: 720 });
    expect(posterSize(planLadder(probeResult({ video: videoStream({ rotation: 90 }) })))).toEqual({
      width: 720,
      height: 1280,
    });
    expect(posterSize(planLadder(probeResult({ video: videoStream({ width: 320, height: 180 }) })))).toEqual({
      width: 320,
      height: 180,
    });
  });

  it('seeks before decoding and writes one JPEG without metadata', () => {
    const plan = planLadder(probeResult({ durationSec: 30 }));
    const { args } = buildPosterCommand(plan, { inputPath: '/in/source.mp4', outputDir: '/out' });
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(args[args.indexOf('-ss') + 1]).toBe('3');
    expect(args).toEqual(
      expect.arrayContaining(['-frames:v', '1', '-vf', 'scale=1280:720,setsar=1', '-map_metadata', '-1']),
    );
    expect(args[args.length - 1]).toBe('/out/poster.jpg');
  });
});
