// @reelguard/media: everything Reelguard does with FFmpeg and HLS files, on local paths only.
// Pure planners and builders return plain data; probeMedia, runFfmpeg and inspectSource are
// the only parts that start processes.

// Running the tools
export * from './process/media-tool-error.js';
export { type FfmpegProgress } from './process/progress.js';
export { type RunFfmpegOptions, type FfmpegRunResult, runFfmpeg } from './process/run-ffmpeg.js';

// Probing and admission
export * from './probe/probe-result.js';
export { parseProbeOutput, ProbeOutputError } from './probe/parse-probe.js';
export { type ProbeOptions, buildProbeArgs, probeMedia } from './probe/probe-media.js';
export * from './probe/source-limits.js';
export * from './probe/source-refusal.js';
export { assessSource, formatDuration } from './probe/assess-source.js';
export { SNIFF_BYTES, sniffSource } from './probe/sniff-source.js';
export { type DecodeCheckOptions, buildDecodeCheckArgs, checkDecodable } from './probe/decode-check.js';
export { type InspectSourceOptions, type SourceInspection, inspectSource } from './probe/inspect-source.js';

// Ladder planning
export * from './ladder/ladder-config.js';
export * from './ladder/h264-level.js';
export * from './ladder/plan-ladder.js';

// FFmpeg commands
export * from './commands/ffmpeg-command.js';
export * from './commands/hls-command.js';
export * from './commands/poster-command.js';
export * from './commands/storyboard.js';

// HLS files
export * from './hls/resource-names.js';
export { PlaylistError, type Attribute, parseAttributeList, attributeValue } from './hls/attribute-list.js';
export * from './hls/parse-playlist.js';
export * from './hls/rewrite-uris.js';
export * from './hls/publish-variant.js';
export * from './hls/master-playlist.js';
export * from './hls/segment-crypto.js';
export * from './hls/bandwidth.js';
export * from './hls/init-segment.js';
