export * from './services/database.js';
export * from './services/s3.js';
export * from './media/index.js';
