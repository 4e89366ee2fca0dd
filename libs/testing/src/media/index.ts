export { type GeneratedMedia, type OutputOptions, prepareOutput, runFixtureFfmpeg } from './fixture-files.js';
export * from './playlist-uris.js';
export * from './test-video.js';
export * from './bad-sources.js';
