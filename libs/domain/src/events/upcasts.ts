// The upcast steps for Video events. Every event is at v1, so there are none yet. When a payload
// changes shape, bump the class's static `version` and add the step from the old version here,
// e.g. `VideoUploaded: { 1: (data) => ({ ...data, language: 'und' }) }`.
import type { UpcastSteps } from './upcasting.js';

export const VIDEO_EVENT_UPCASTS: UpcastSteps = {};
