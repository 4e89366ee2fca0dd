export type { GeneratedMedia, OutputOptions } from './fixture-files.js';
export * from './test-video.js';
export * from './bad-sources.js';
