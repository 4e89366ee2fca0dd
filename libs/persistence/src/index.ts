export * from './entities/event.entity.js';
export * from './entities/user.entity.js';
export * from './entities/video-view.entity.js';
export * from './entities/playback-session.entity.js';
export * from './event-store.js';
export * from './data-source.js';
export * from './database.js';
