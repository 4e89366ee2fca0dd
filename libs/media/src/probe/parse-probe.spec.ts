import { describe, expect, it } from 'vitest';
import { ProbeOutputError, parseProbeOutput } from './parse-probe.js';

// Trimmed from `ffprobe -print_format json -show_format -show_streams` on a rotated phone clip.
const phoneClip = {
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      profile: 'High',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'yuv420p',
      field_order: 'progressive',
      r_frame_rate: '30/1',
      avg_frame_rate: '30000/1001',
      duration: '12.012000',
      bits_per_raw_sample: '8',
      nb_frames: '360',
      disposition: { default: 1, attached_pic: 0 },
      side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }],
    },
    { index: 1, codec_name: 'aac', codec_type: 'audio', sample_rate: '48000', channels: 2, r_frame_rate: '0/0' },
    { index: 2, codec_name: 'bin_data', codec_type: 'data' },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', nb_streams: 3, duration: '12.045000', size: '9182736' },
};

describe('parseProbeOutput', () => {
  it('reads format, streams, rotation and frame rates', () => {
    const probe = parseProbeOutput(phoneClip);
    expect(probe).toMatchObject({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSec: 12.045,
      sizeBytes: 9182736,
      streamCount: 3,
    });
    expect(probe.video).toMatchObject({
      index: 0,
      codec: 'h264',
      width: 1920,
      height: 1080,
      rotation: 90,
      displayWidth: 1080,
      displayHeight: 1920,
      bitDepth: 8,
      maxFrameRate: 30,
      frameCount: 360,
      interlaced: false,
      attachedPicture: false,
    });
    expect(probe.video?.frameRate).toBeCloseTo(29.97, 2);
    expect(probe.audio).toEqual({ index: 1, codec: 'aac', channels: 2, sampleRate: 48000 });
  });

  it('turns a counter-clockwise display matrix into a clockwise rotation, and reads the legacy tag', () => {
    const ccw = structuredClone(phoneClip);
    ccw.streams[0].side_data_list = [{ side_data_type: 'Display Matrix', rotation: 90 }];
    expect(parseProbeOutput(ccw).video?.rotation).toBe(270);
    const tagged = {
      streams: [{ ...phoneClip.streams[0], side_data_list: undefined, tags: { rotate: '180' } }],
      format: phoneClip.format,
    };
    expect(parseProbeOutput(tagged).video).toMatchObject({ rotation: 180, displayWidth: 1920, displayHeight: 1080 });
  });

  it('applies a non-square pixel aspect ratio to the display size', () => {
    const dvd = {
      streams: [{ ...phoneClip.streams[0], width: 720, height: 576, sample_aspect_ratio: '16:15', side_data_list: [] }],
      format: phoneClip.format,
    };
    expect(parseProbeOutput(dvd).video).toMatchObject({ displayWidth: 768, displayHeight: 576 });
  });

  it('reads the bit depth from the pixel format when the sample size is missing', () => {
    const tenBit = {
      streams: [{ ...phoneClip.streams[0], bits_per_raw_sample: undefined, pix_fmt: 'yuv420p10le' }],
      format: phoneClip.format,
    };
    expect(parseProbeOutput(tenBit).video?.bitDepth).toBe(10);
  });

  it('skips cover art and treats "N/A" as unknown', () => {
    const song = {
      streams: [
        { index: 0, codec_name: 'mp3', codec_type: 'audio', channels: 2 },
        {
          index: 1,
          codec_name: 'mjpeg',
          codec_type: 'video',
          width: 600,
          height: 600,
          disposition: { attached_pic: 1 },
        },
      ],
      format: { format_name: 'mp3', duration: 'N/A', nb_streams: 2 },
    };
    const probe = parseProbeOutput(song);
    expect(probe.video).toBeNull();
    expect(probe.videoStreamCount).toBe(0);
    expect(probe.durationSec).toBeNull();
    expect(probe.audio?.codec).toBe('mp3');
  });

  it('marks interlaced field orders', () => {
    const tv = { streams: [{ ...phoneClip.streams[0], field_order: 'tt' }], format: phoneClip.format };
    expect(parseProbeOutput(tv).video?.interlaced).toBe(true);
  });

  it('refuses output without a format section', () => {
    expect(() => parseProbeOutput({ streams: [] })).toThrow(ProbeOutputError);
    expect(() => parseProbeOutput('nonsense')).toThrow(ProbeOutputError);
  });
});
