// What Reelguard needs to know about a source file, read from ffprobe. Plain data.
export type Rotation = 0 | 90 | 180 | 270;

export interface VideoStreamInfo {
  /** absolute stream index in the file, for `-map 0:{index}` */
  readonly index: number;
  /** null when FFmpeg has no decoder for it */
  readonly codec: string | null;
  readonly profile: string | null;
  /** stored frame size, before aspect ratio and rotation */
  readonly width: number;
  readonly height: number;
  /** clockwise degrees a player turns the picture to show it upright */
  readonly rotation: Rotation;
  /** width of one pixel relative to its height (1 for square pixels) */
  readonly sampleAspectRatio: number;
  /** the size a viewer sees: square pixels, rotation applied */
  readonly displayWidth: number;
  readonly displayHeight: number;
  readonly pixelFormat: string | null;
  readonly bitDepth: number | null;
  /** average frames per second (lower than `maxFrameRate` for variable frame rate) */
  readonly frameRate: number | null;
  /** FFmpeg's "real base frame rate": the highest steady rate it sees */
  readonly maxFrameRate: number | null;
  /** frames declared by the container, when it declares them */
  readonly frameCount: number | null;
  readonly durationSec: number | null;
  readonly interlaced: boolean;
  /** cover art inside an audio file, not a moving picture */
  readonly attachedPicture: boolean;
}

export interface AudioStreamInfo {
  readonly index: number;
  readonly codec: string | null;
  readonly channels: number | null;
  readonly sampleRate: number | null;
}

export interface ProbeResult {
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" */
  readonly formatName: string;
  readonly durationSec: number | null;
  readonly sizeBytes: number | null;
  readonly streamCount: number;
  /** the first video stream that is not cover art */
  readonly video: VideoStreamInfo | null;
  readonly audio: AudioStreamInfo | null;
  readonly videoStreamCount: number;
  readonly audioStreamCount: number;
}
