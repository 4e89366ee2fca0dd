export * from './video-projection.js';
export * from './video-projector.js';
export * from './video-store.js';
export * from './video-queries.js';
export * from './handlers.js';
export * from './rebuild-projections.js';
export * from './videos.module.js';
export * from './content-keys.js';
