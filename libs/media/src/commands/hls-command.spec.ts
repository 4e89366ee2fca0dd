import { describe, expect, it } from 'vitest';
import { probeResult, videoStream } from '../__fixtures__/probe-results.js';
import { planLadder } from '../ladder/plan-ladder.js';
import { buildFilterGraph, buildHlsCommand } from './hls-command.js';
import { planStoryboard } from './storyboard.js';

const plan = planLadder(probeResult({ video: videoStream({ width: 1280, height: 720 }) }));
const options = { inputPath: '/media/in/source.mp4', outputDir: '/media/out' };

/** the value following a flag, e.g. valueOf(args, '-hls_time') */
const valueOf = (args: readonly string[], flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
};

describe('buildHlsCommand', () => {
  const { args, outputs, storyboard } = buildHlsCommand(plan, options);

  it('reads the input through the local-file and demuxer whitelists, without stdin', () => {
    expect(args).toContain('-nostdin');
    const input = args.indexOf('-i');
    expect(args[input + 1]).toBe('/media/in/source.mp4');
    expect(args.slice(0, input)).toEqual(expect.arrayContaining(['-protocol_whitelist', 'file', '-format_whitelist']));
    expect(valueOf(args, '-format_whitelist')).not.toMatch(/hls|concat/);
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(input);
  });

  it('decodes once and splits into one scaled branch per rendition', () => {
    expect(valueOf(args, '-filter_complex')).toBe(
      '[0:0]split=4[s0][s1][s2][s3];[s0]scale=1280:720,setsar=1[v0];[s1]scale=854:480,setsar=1[v1];' +
        '[s2]scale=640:360,setsar=1[v2];[s3]scale=426:240,setsar=1[v3]',
    );
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
  });

  it('maps each branch with the audio, and names the variants', () => {
    expect(valueOf(args, '-var_stream_map')).toBe(
      'v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p v:3,a:3,name:240p',
    );
    const maps = args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
    expect(maps).toEqual(['[v0]', '0:1', '[v1]', '0:1', '[v2]', '0:1', '[v3]', '0:1']);
  });

  it('encodes H.264 High at the planned level and rates, and AAC', () => {
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-profile:v')).toBe('high');
    expect(valueOf(args, '-pix_fmt')).toBe('yuv420p');
    expect(valueOf(args, '-level:v:0')).toBe('3.1');
    expect(valueOf(args, '-b:v:0')).toBe('2800000');
    expect(valueOf(args, '-maxrate:v:0')).toBe('2996000');
    expect(valueOf(args, '-bufsize:v:3')).toBe('600000');
    expect(valueOf(args, '-c:a')).toBe('aac');
    expect(valueOf(args, '-b:a')).toBe('128k');
  });

  it('forces keyframes on segment boundaries and nowhere else', () => {
    expect(valueOf(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*4)');
    expect(valueOf(args, '-sc_threshold')).toBe('0');
    expect(valueOf(args, '-hls_time')).toBe('4');
    const two = buildHlsCommand(plan, { ...options, segmentDurationSec: 2 }).args;
    expect(valueOf(two, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(valueOf(two, '-hls_time')).toBe('2');
  });

  it('writes growing fMP4 event playlists under flat names', () => {
    expect(valueOf(args, '-f')).toBe('hls');
    expect(valueOf(args, '-hls_segment_type')).toBe('fmp4');
    expect(valueOf(args, '-hls_playlist_type')).toBe('event');
    expect(valueOf(args, '-hls_fmp4_init_filename')).toBe('%v_init.mp4');
    expect(valueOf(args, '-hls_segment_filename')).toBe('/media/out/%v_%05d.m4s');
    expect(args[args.length - 1]).toBe('/media/out/%v.m3u8');
    expect(outputs).toEqual([
      { rendition: '720p', playlist: '720p.m3u8', initSegment: '720p_init.mp4' },
      { rendition: '480p', playlist: '480p.m3u8', initSegment: '480p_init.mp4' },
      { rendition: '360p', playlist: '360p.m3u8', initSegment: '360p_init.mp4' },
      { rendition: '240p', playlist: '240p.m3u8', initSegment: '240p_init.mp4' },
    ]);
    expect(storyboard).toBeNull();
  });

  it('names the init section itself when there is one variant (FFmpeg fills in %v only for several)', () => {
    const small = planLadder(probeResult({ video: videoStream({ width: 320, height: 180 }) }));
    expect(small.renditions.map((r) => r.name)).toEqual(['240p']);
    const single = buildHlsCommand(small, options).args;
    expect(valueOf(single, '-hls_fmp4_init_filename')).toBe('240p_init.mp4');
    expect(valueOf(single, '-var_stream_map')).toBe('v:0,a:0,name:240p');
  });

  it('reports progress on stdout and drops the source metadata', () => {
    expect(valueOf(args, '-progress')).toBe('pipe:1');
    expect(valueOf(args, '-map_metadata')).toBe('-1');
  });

  it('leaves audio out for a silent source', () => {
    const silent = buildHlsCommand(planLadder(probeResult({ audio: null })), options).args;
    expect(silent).not.toContain('-c:a');
    expect(valueOf(silent, '-var_stream_map')).toMatch(/^v:0,name:1080p v:1,name:720p/);
    expect(silent.filter((a) => a === '-map')).toHaveLength(5);
  });

  it('takes the preset from the caller', () => {
    expect(valueOf(buildHlsCommand(plan, { ...options, preset: 'medium' }).args, '-preset')).toBe('medium');
  });

  it('can write the storyboard from the same decode', () => {
    const sprite = planStoryboard(20, { width: 1280, height: 720 });
    const command = buildHlsCommand(plan, { ...options, storyboard: sprite });
    expect(valueOf(command.args, '-filter_complex')).toMatch(
      /split=5.*;\[s4\]fps=1\/5:eof_action=pass,scale=160:90,setsar=1,tile=4x1\[sb\]$/,
    );
    const sbOutput = command.args.slice(command.args.lastIndexOf('-map'));
    expect(sbOutput).toEqual([
      '-map',
      '[sb]',
      '-frames:v',
      '1',
      '-c:v',
      'mjpeg',
      '-q:v',
      '5',
      '-update',
      '1',
      '-f',
      'image2',
      '/media/out/storyboard.jpg',
    ]);
    expect(command.storyboard).toBe('storyboard.jpg');
  });

  it('refuses an output folder FFmpeg would read as a pattern, and odd segment lengths', () => {
    expect(() => buildHlsCommand(plan, { ...options, outputDir: '/media/100%/out' })).toThrow(TypeError);
    expect(() => buildHlsCommand(plan, { ...options, segmentDurationSec: 0 })).toThrow(RangeError);
  });

  it('makes relative paths absolute so they cannot pass for options or protocols', () => {
    const relative = buildHlsCommand(plan, { ...options, inputPath: '-evil.mp4' }).args;
    expect(relative[relative.indexOf('-i') + 1]).toMatch(/^\/.*\/-evil\.mp4$/);
  });
});

describe('buildFilterGraph', () => {
  it('deinterlaces and resamples before the split when the plan says so', () => {
    const fast = planLadder(
      probeResult({
        video: videoStream({ width: 640, height: 360, frameRate: 120, maxFrameRate: 120, interlaced: true }),
      }),
    );
    expect(buildFilterGraph(fast, null)).toBe(
      '[0:0]yadif=deint=interlaced,fps=60,split=2[s0][s1];[s0]scale=640:360,setsar=1[v0];[s1]scale=426:240,setsar=1[v1]',
    );
  });
});
