import { describe, expect, it } from 'vitest';
import { buildStoryboardCommand, buildStoryboardVtt, planStoryboard, storyboardFilter, vttTime } from './storyboard.js';

describe('planStoryboard', () => {
  it('takes a thumbnail every interval into a grid of at most ten columns', () => {
    expect(planStoryboard(62, { width: 1920, height: 1080 })).toEqual({
      durationSec: 62,
      intervalSec: 5,
      count: 13,
      columns: 10,
      rows: 2,
      thumbnailWidth: 160,
      thumbnailHeight: 90,
    });
  });

  it('keeps short videos to one narrow row and portrait thumbnails tall', () => {
    expect(planStoryboard(6, { width: 1080, height: 1920 })).toMatchObject({
      count: 2,
      columns: 2,
      rows: 1,
      thumbnailHeight: 284,
    });
  });

  it('stretches the interval rather than the sprite for long videos', () => {
    const film = planStoryboard(2 * 3600, { width: 1920, height: 1080 });
    expect(film.count).toBeLessThanOrEqual(300);
    expect(film.intervalSec).toBe(24);
    expect(film.rows * film.thumbnailHeight).toBeLessThan(4000);
  });

  it('refuses what it cannot plan', () => {
    expect(() => planStoryboard(0, { width: 1, height: 1 })).toThrow(RangeError);
  });
});

describe('storyboard command and filter', () => {
  const plan = planStoryboard(12, { width: 640, height: 360 }, { intervalSec: 2, columns: 4 });

  it('samples, scales and tiles in one chain', () => {
    expect(storyboardFilter(plan)).toBe('fps=1/2:eof_action=pass,scale=160:90,setsar=1,tile=4x2');
  });

  it('writes one JPEG from the whitelisted input', () => {
    const { args } = buildStoryboardCommand(plan, {
      inputPath: '/in/source.mp4',
      outputDir: '/out',
      videoStreamIndex: 0,
    });
    expect(args).toEqual(
      expect.arrayContaining([
        '-protocol_whitelist',
        'file',
        '-vf',
        'fps=1/2:eof_action=pass,scale=160:90,setsar=1,tile=4x2',
        '-frames:v',
        '1',
      ]),
    );
    expect(args[args.length - 1]).toBe('/out/storyboard.jpg');
  });
});

describe('buildStoryboardVtt', () => {
  it('maps every interval to its region of the sprite, the last cue ending with the video', () => {
    const plan = planStoryboard(11, { width: 640, height: 360 }, { intervalSec: 2, columns: 4 });
    expect(buildStoryboardVtt(plan)).toBe(
      [
        'WEBVTT',
        '',
        '00:00:00.000 --> 00:00:02.000',
        'storyboard.jpg#xywh=0,0,160,90',
        '',
        '00:00:02.000 --> 00:00:04.000',
        'storyboard.jpg#xywh=160,0,160,90',
        '',
        '00:00:04.000 --> 00:00:06.000',
        'storyboard.jpg#xywh=320,0,160,90',
        '',
        '00:00:06.000 --> 00:00:08.000',
        'storyboard.jpg#xywh=480,0,160,90',
        '',
        '00:00:08.000 --> 00:00:10.000',
        'storyboard.jpg#xywh=0,90,160,90',
        '',
        '00:00:10.000 --> 00:00:11.000',
        'storyboard.jpg#xywh=160,90,160,90',
        '',
      ].join('\n'),
    );
  });

  it('formats hours, minutes and milliseconds', () => {
    expect(vttTime(3725.5)).toBe('01:02:05.500');
    expect(vttTime(0.0004)).toBe('00:00:00.000');
  });
});
