// Playback logic with no DOM, React or video.js in it: sessions and their refresh, storyboard
// parsing, resume positions, keyboard mapping, quality choices and the watermark's movement.
export * from './types';
export * from './media-refusal';
export * from './refresh-budget';
export * from './playback-session-controller';
export * from './storyboard-vtt';
export * from './resume-store';
export * from './keyboard-shortcuts';
export * from './watermark-position';
export * from './quality';
