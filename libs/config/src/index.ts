export * from './schema.js';
export * from './load-config.js';
export * from './app-config.js';
