export * from './services/database.js';
export * from './services/s3.js';
