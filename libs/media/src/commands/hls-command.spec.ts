import { describe, expect, it } from 'vitest';
import { probeResult, videoStream } from '../__fixtures__/probe-results.js';
import { type LadderPlan, planLadder } from '../ladder/plan-ladder.js';
import { buildFilterGraph, buildHlsCommand } from './hls-command.js';
import { planStoryboard } from './storyboard.js';

const plan = planLadder(probeResult({ video: videoStream({ width: 1280, height: 720 }) }));
const fullHd = planLadder(probeResult());
const options = { inputPath: '/media/in/source.mp4', outputDir: '/media/out' };

/** the value following a flag, e.g. valueOf(args, '-c:a') */
const valueOf = (args: readonly string[], flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at < 0 ? undefined : args[at + 1];
};
const mapsOf = (args: readonly string[]): string[] => args.flatMap((a, i) => (a === '-map' ? [args[i + 1]] : []));
/** the tee output list, one entry per rendition */
const teeOutputsOf = (args: readonly string[]): string[] => {
  const at = args.indexOf('tee');
  expect(args[at - 1]).toBe('-f');
  return args[at + 1].split('|');
};
/** the tee output of one rendition, as the FFmpeg 5.1 tee muxer is given it */
const hlsOutput = (name: string, streams: string, segment = 4, first = 2, dir = '/media/out'): string =>
  `[select=${streams}:f=hls:hls_time=${segment}:${first < segment ? `hls_init_time=${first}:` : ''}` +
  `hls_playlist_type=event:hls_list_size=0:hls_segment_type=fmp4:` +
  `hls_flags=independent_segments+temp_file:hls_fmp4_init_filename=${name}_init.mp4:` +
  `hls_segment_filename=${dir}/${name}_%05d.m4s]${dir}/${name}.m3u8`;

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

  it('decodes once and scales each rendition from the next larger one', () => {
    expect(valueOf(args, '-filter_complex')).toBe(
      '[0:0]scale=1280:720,setsar=1,split=2[v0][s1];[s1]scale=854:480,setsar=1,split=2[v1][s2];' +
        '[s2]scale=640:360,setsar=1,split=2[v2][s3];[s3]scale=426:240,setsar=1[v3]',
    );
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
  });

  it('maps each video branch once and the audio once', () => {
    expect(mapsOf(args)).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:1']);
  });

  it('encodes H.264 High at the planned level and rates, and the audio once with AAC', () => {
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-profile:v')).toBe('high');
    expect(valueOf(args, '-pix_fmt')).toBe('yuv420p');
    expect(valueOf(args, '-level:v:0')).toBe('3.1');
    expect(valueOf(args, '-b:v:0')).toBe('2800000');
    expect(valueOf(args, '-maxrate:v:0')).toBe('2996000');
    expect(valueOf(args, '-bufsize:v:3')).toBe('600000');
    expect(args.filter((a) => a.startsWith('-c:a'))).toEqual(['-c:a']);
    expect(valueOf(args, '-c:a')).toBe('aac');
    expect(args.filter((a) => a.startsWith('-b:a'))).toEqual(['-b:a']);
    expect(valueOf(args, '-b:a')).toBe('128k');
    expect(valueOf(args, '-ac')).toBe('2');
    expect(valueOf(args, '-ar')).toBe('48000');
  });

  it('forces keyframes on segment boundaries and nowhere else: 0, 2, then every 4 s', () => {
    expect(valueOf(args, '-force_key_frames')).toBe('expr:gte(t,if(n_forced,2+(n_forced-1)*4,0))');
    expect(valueOf(args, '-sc_threshold')).toBe('0');
    expect(valueOf(args, '-g')).toBe('100000');
    for (const output of teeOutputsOf(args)) expect(output).toContain(':hls_time=4:hls_init_time=2:');
    const six = buildHlsCommand(plan, { ...options, segmentDurationSec: 6, firstSegmentDurationSec: 1.5 }).args;
    expect(valueOf(six, '-force_key_frames')).toBe('expr:gte(t,if(n_forced,1.5+(n_forced-1)*6,0))');
    expect(teeOutputsOf(six)[0]).toBe(hlsOutput('720p', '0,4', 6, 1.5));
  });

  it('makes every segment alike when the first is as long as the rest, or would be longer', () => {
    const two = buildHlsCommand(plan, { ...options, segmentDurationSec: 2 }).args;
    expect(valueOf(two, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(teeOutputsOf(two)[0]).toBe(hlsOutput('720p', '0,4', 2));
    const one = buildHlsCommand(plan, { ...options, segmentDurationSec: 1, firstSegmentDurationSec: 2 }).args;
    expect(valueOf(one, '-force_key_frames')).toBe('expr:gte(t,n_forced*1)');
    expect(teeOutputsOf(one)[0]).toBe(hlsOutput('720p', '0,4', 1, 1));
    expect(() => buildHlsCommand(plan, { ...options, firstSegmentDurationSec: 0 })).toThrow(RangeError);
  });

  it('writes growing fMP4 event playlists under flat names, one HLS muxer per rendition', () => {
    expect(args.filter((a) => a === '-f')).toHaveLength(1);
    expect(args).not.toContain('-var_stream_map');
    expect(args.some((a) => a.startsWith('-hls'))).toBe(false);
    expect(teeOutputsOf(args)).toEqual([
      hlsOutput('720p', '0,4'),
      hlsOutput('480p', '1,4'),
      hlsOutput('360p', '2,4'),
      hlsOutput('240p', '3,4'),
    ]);
    expect(args[args.length - 1]).toBe(teeOutputsOf(args).join('|'));
    expect(outputs).toEqual([
      { rendition: '720p', playlist: '720p.m3u8', initSegment: '720p_init.mp4' },
      { rendition: '480p', playlist: '480p.m3u8', initSegment: '480p_init.mp4' },
      { rendition: '360p', playlist: '360p.m3u8', initSegment: '360p_init.mp4' },
      { rendition: '240p', playlist: '240p.m3u8', initSegment: '240p_init.mp4' },
    ]);
    expect(storyboard).toBeNull();
  });

  it('keeps the H.264 parameter sets in the init sections, as a plain HLS output would', () => {
    expect(valueOf(args, '-flags')).toBe('+global_header');
    expect(args.indexOf('-flags')).toBeLessThan(args.indexOf('tee'));
  });

  it('reports progress on stdout and drops the source metadata from the published output', () => {
    expect(valueOf(args, '-progress')).toBe('pipe:1');
    expect(valueOf(args, '-map_metadata')).toBe('-1');
    expect(valueOf(args, '-map_chapters')).toBe('-1');
    // Output options apply to the output that follows them: the tee, and through it every rendition.
    const tee = args.indexOf('tee');
    for (const flag of ['-map_metadata', '-map_chapters']) {
      expect(args.indexOf(flag)).toBeGreaterThan(args.indexOf('-filter_complex'));
      expect(args.indexOf(flag)).toBeLessThan(tee);
    }
  });

  it('encodes a 1080p source into five renditions that share one audio encode', () => {
    const full = buildHlsCommand(fullHd, options).args;
    expect(mapsOf(full)).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '[v4]', '0:1']);
    expect(full.filter((a) => a === '-c:a')).toHaveLength(1);
    expect(teeOutputsOf(full)).toEqual([
      hlsOutput('1080p', '0,5'),
      hlsOutput('720p', '1,5'),
      hlsOutput('480p', '2,5'),
      hlsOutput('360p', '3,5'),
      hlsOutput('240p', '4,5'),
    ]);
  });

  it('leaves audio out for a silent source', () => {
    const silent = buildHlsCommand(planLadder(probeResult({ audio: null })), options).args;
    expect(silent).not.toContain('-c:a');
    expect(silent).not.toContain('-b:a');
    expect(mapsOf(silent)).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '[v4]']);
    expect(teeOutputsOf(silent)).toEqual([
      hlsOutput('1080p', '0'),
      hlsOutput('720p', '1'),
      hlsOutput('480p', '2'),
      hlsOutput('360p', '3'),
      hlsOutput('240p', '4'),
    ]);
  });

  it('writes a single rendition through the same tee, under its own names', () => {
    const small = planLadder(probeResult({ video: videoStream({ width: 320, height: 180 }) }));
    expect(small.renditions.map((r) => r.name)).toEqual(['240p']);
    const single = buildHlsCommand(small, options);
    expect(valueOf(single.args, '-filter_complex')).toBe('[0:0]scale=320:180,setsar=1[v0]');
    expect(mapsOf(single.args)).toEqual(['[v0]', '0:1']);
    expect(teeOutputsOf(single.args)).toEqual([hlsOutput('240p', '0,1')]);
    expect(single.outputs).toEqual([{ rendition: '240p', playlist: '240p.m3u8', initSegment: '240p_init.mp4' }]);
  });

  it('takes the preset from the caller', () => {
    expect(valueOf(buildHlsCommand(plan, { ...options, preset: 'medium' }).args, '-preset')).toBe('medium');
  });

  it('can write the storyboard from the same decode, as its own output after the renditions', () => {
    const sprite = planStoryboard(20, { width: 1280, height: 720 });
    const command = buildHlsCommand(plan, { ...options, storyboard: sprite });
    expect(valueOf(command.args, '-filter_complex')).toBe(
      '[0:0]scale=1280:720,setsar=1,split=2[v0][s1];[s1]scale=854:480,setsar=1,split=2[v1][s2];' +
        '[s2]scale=640:360,setsar=1,split=2[v2][s3];[s3]scale=426:240,setsar=1,split=2[v3][s4];' +
        '[s4]fps=1/5:eof_action=pass,scale=160:90,setsar=1,tile=4x1[sb]',
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
    expect(command.args.lastIndexOf('-map')).toBeGreaterThan(command.args.indexOf('tee'));
    expect(mapsOf(command.args)).toEqual(['[v0]', '[v1]', '[v2]', '[v3]', '0:1', '[sb]']);
    expect(command.storyboard).toBe('storyboard.jpg');
  });

  it('refuses an output folder FFmpeg would read as a pattern or as tee syntax, and odd segment lengths', () => {
    expect(() => buildHlsCommand(plan, { ...options, outputDir: '/media/100%/out' })).toThrow(TypeError);
    for (const bad of [':', '|', '[', ']', '\\', "'"]) {
      expect(() => buildHlsCommand(plan, { ...options, outputDir: `/media/a${bad}b/out` })).toThrow(
        /must not contain any of : \| \[ \] \\ '/,
      );
    }
    expect(() => buildHlsCommand(plan, { ...options, outputDir: '/media/a b,c=d/out' })).not.toThrow();
    expect(() => buildHlsCommand(plan, { ...options, segmentDurationSec: 0 })).toThrow(RangeError);
  });

  it('refuses rendition names that are not plain names', () => {
    const odd: LadderPlan = { ...plan, renditions: [{ ...plan.renditions[0], name: '720p]x' }] };
    expect(() => buildHlsCommand(odd, options)).toThrow(TypeError);
  });

  it('makes relative paths absolute so they cannot pass for options or protocols', () => {
    const relative = buildHlsCommand(plan, { ...options, inputPath: '-evil.mp4' }).args;
    expect(relative[relative.indexOf('-i') + 1]).toMatch(/^\/.*\/-evil\.mp4$/);
  });
});

describe('buildFilterGraph', () => {
  it('scales a 1080p ladder in a cascade, each rendition from the next larger one', () => {
    expect(buildFilterGraph(fullHd, null)).toBe(
      '[0:0]scale=1920:1080,setsar=1,split=2[v0][s1];[s1]scale=1280:720,setsar=1,split=2[v1][s2];' +
        '[s2]scale=854:480,setsar=1,split=2[v2][s3];[s3]scale=640:360,setsar=1,split=2[v3][s4];' +
        '[s4]scale=426:240,setsar=1[v4]',
    );
  });

  it('takes the storyboard from the smallest rendition at least as large as its thumbnails', () => {
    const sprite = planStoryboard(10, { width: 1920, height: 1080 });
    expect(buildFilterGraph(fullHd, sprite)).toBe(
      '[0:0]scale=1920:1080,setsar=1,split=2[v0][s1];[s1]scale=1280:720,setsar=1,split=2[v1][s2];' +
        '[s2]scale=854:480,setsar=1,split=2[v2][s3];[s3]scale=640:360,setsar=1,split=2[v3][s4];' +
        '[s4]scale=426:240,setsar=1,split=2[v4][s5];[s5]fps=1/5:eof_action=pass,scale=160:90,setsar=1,tile=2x1[sb]',
    );
    const wide = planStoryboard(10, { width: 1920, height: 1080 }, { thumbnailWidth: 700 });
    expect(buildFilterGraph(fullHd, wide)).toMatch(
      /\[s2\]scale=854:480,setsar=1,split=3\[v2\]\[s3\]\[s5\];.*\[s5\]fps=1\/5:eof_action=pass,scale=700:394,/,
    );
  });

  it('keeps the outputs in ladder order when the ladder is not sorted by size', () => {
    const [r1080, r720, r480] = fullHd.renditions;
    const unsorted: LadderPlan = { ...fullHd, renditions: [r480, r1080, r720] };
    expect(buildFilterGraph(unsorted, null)).toBe(
      '[0:0]scale=1920:1080,setsar=1,split=2[v1][s2];[s2]scale=1280:720,setsar=1,split=2[v2][s0];' +
        '[s0]scale=854:480,setsar=1[v0]',
    );
  });

  it('scales from the source what no rendition covers in both dimensions, else from the smallest that does', () => {
    const [r1080, r720] = fullHd.renditions;
    const square = { ...r720, name: 'square', width: 1200, height: 1200 };
    const small = { ...r720, name: 'small', width: 600, height: 800 };
    const odd: LadderPlan = { ...fullHd, renditions: [r1080, square, r720, small] };
    expect(buildFilterGraph(odd, null)).toBe(
      '[0:0]split=2[s0][s1];[s0]scale=1920:1080,setsar=1,split=2[v0][s2];[s2]scale=1280:720,setsar=1[v2];' +
        '[s1]scale=1200:1200,setsar=1,split=2[v1][s3];[s3]scale=600:800,setsar=1[v3]',
    );
  });

  it('deinterlaces and resamples once, before the first scale', () => {
    const fast = planLadder(
      probeResult({
        video: videoStream({ width: 640, height: 360, frameRate: 120, maxFrameRate: 120, interlaced: true }),
      }),
    );
    expect(buildFilterGraph(fast, null)).toBe(
      '[0:0]yadif=deint=interlaced,fps=60,scale=640:360,setsar=1,split=2[v0][s1];[s1]scale=426:240,setsar=1[v1]',
    );
  });
});
