export * from './object-storage.js';
export * from './embedded-server.js';
