// What the worker's reports must look like before they become events. Malformed reports are a
// worker bug and are refused; a failure reason is cleaned up instead, because a failure must
// always be recordable or the video would be stuck in `processing`.
import { ValidationError } from '../errors.js';
import type { Rendition, Storyboard } from '../events/video-event.js';

export interface ReadyOutput {
  readonly durationSec: number;
  readonly renditions: readonly Rendition[];
  readonly posterKey?: string;
  readonly storyboard?: Storyboard;
}

const RENDITION_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;
const FAILURE_REASON_MAX_CHARS = 500;
const OBJECT_KEY_MAX_CHARS = 1024;

function positiveInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new ValidationError(field, `${field} must be a positive whole number.`);
  return value;
}

function positiveFinite(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new ValidationError(field, `${field} must be a positive number.`);
  return value;
}

function objectKey(value: string, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > OBJECT_KEY_MAX_CHARS || /\p{Cc}/u.test(value)) {
    throw new ValidationError(field, `${field} must be a non-empty object key without control characters.`);
  }
  return value;
}

export function validateAttempt(attempt: number): number {
  return positiveInteger(attempt, 'attempt');
}

export function validatePercent(percent: number): number {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new ValidationError('percent', 'Progress must be a whole number from 0 to 100.');
  }
  return percent;
}

export function validateRendition(rendition: Rendition): Rendition {
  // The name becomes part of playlist and segment file names, so it is kept to a safe alphabet.
  if (typeof rendition.name !== 'string' || !RENDITION_NAME.test(rendition.name)) {
    throw new ValidationError('rendition.name', 'Rendition name must be 1–32 lowercase letters, digits, "_" or "-".');
  }
  return {
    name: rendition.name,
    width: positiveInteger(rendition.width, 'rendition.width'),
    height: positiveInteger(rendition.height, 'rendition.height'),
    bandwidth: positiveInteger(rendition.bandwidth, 'rendition.bandwidth'),
  };
}

export function validateReadyOutput(output: ReadyOutput): ReadyOutput {
  if (!Array.isArray(output.renditions) || output.renditions.length === 0) {
    throw new ValidationError('renditions', 'A playable video needs at least one rendition.');
  }
  const renditions = output.renditions.map(validateRendition);
  if (new Set(renditions.map((rendition) => rendition.name)).size !== renditions.length) {
    throw new ValidationError('renditions', 'Rendition names must be unique.');
  }
  const { posterKey, storyboard } = output;
  return {
    durationSec: positiveFinite(output.durationSec, 'durationSec'),
    renditions,
    ...(posterKey !== undefined && { posterKey: objectKey(posterKey, 'posterKey') }),
    ...(storyboard !== undefined && {
      storyboard: {
        vttKey: objectKey(storyboard.vttKey, 'storyboard.vttKey'),
        intervalSec: positiveFinite(storyboard.intervalSec, 'storyboard.intervalSec'),
      },
    }),
  };
}

export function cleanFailureReason(reason: string): string {
  const text =
    typeof reason === 'string'
      ? reason
          .replace(/\p{Cc}+/gu, ' ')
          .replace(/\s+/g, ' ')
          .trim()
      : '';
  const chars = [...text];
  if (chars.length === 0) return 'Transcoding failed.';
  return chars.length <= FAILURE_REASON_MAX_CHARS ? text : `${chars.slice(0, FAILURE_REASON_MAX_CHARS - 1).join('')}…`;
}
