// What a video's title, description and upload details may contain. Titles and descriptions are
// refused when unusable (they are typed by a person who can fix them); upload details that only
// describe the file are normalised instead, because the bytes are already stored by then.
import { ValidationError } from '../errors.js';

export const TITLE_MAX_CHARS = 200;
export const DESCRIPTION_MAX_CHARS = 5000;
const FILENAME_MAX_CHARS = 255;
const CONTENT_TYPE_MAX_CHARS = 255;
const SOURCE_KEY_MAX_CHARS = 1024;

// C0/C1 controls; bidi overrides and isolates in a title can make it read as something else.
const CONTROL_CHARS = /\p{Cc}/u;
const CONTROL_CHARS_ALL = /\p{Cc}/gu;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const BIDI_CONTROLS_ALL = /[\u202A-\u202E\u2066-\u2069]/gu;
const DESCRIPTION_FORBIDDEN = /[^\P{Cc}\n\t]/u;

export interface MetadataChanges {
  readonly title?: string;
  readonly description?: string;
}

export interface UploadDetails {
  readonly title: string;
  readonly description?: string;
  readonly sourceKey: string;
  readonly sourceBytes: number;
  readonly originalFilename: string;
  readonly contentType: string;
}

/** Counts user-perceived length in code points, so an emoji is not two characters. */
function charCount(text: string): number {
  return [...text].length;
}

export function normaliseTitle(title: unknown): string {
  if (typeof title !== 'string') throw new ValidationError('title', 'Title must be text.');
  const trimmed = title.normalize('NFC').trim();
  if (trimmed.length === 0) throw new ValidationError('title', 'Title must not be empty.');
  if (charCount(trimmed) > TITLE_MAX_CHARS) {
    throw new ValidationError('title', `Title must be at most ${TITLE_MAX_CHARS} characters.`);
  }
  if (CONTROL_CHARS.test(trimmed) || BIDI_CONTROLS.test(trimmed)) {
    throw new ValidationError('title', 'Title must not contain control characters or line breaks.');
  }
  return trimmed;
}

export function normaliseDescription(description: unknown): string {
  if (typeof description !== 'string') throw new ValidationError('description', 'Description must be text.');
  const text = description.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  if (charCount(text) > DESCRIPTION_MAX_CHARS) {
    throw new ValidationError('description', `Description must be at most ${DESCRIPTION_MAX_CHARS} characters.`);
  }
  if (DESCRIPTION_FORBIDDEN.test(text)) {
    throw new ValidationError(
      'description',
      'Description may contain line breaks and tabs but no other control characters.',
    );
  }
  return text;
}

/** Validates a metadata patch; fields left out stay untouched. */
export function normaliseMetadataChanges(changes: MetadataChanges): MetadataChanges {
  return {
    ...(changes.title !== undefined && { title: normaliseTitle(changes.title) }),
    ...(changes.description !== undefined && { description: normaliseDescription(changes.description) }),
  };
}

export function normaliseUploadDetails(details: UploadDetails): Required<UploadDetails> {
  const { sourceKey, sourceBytes } = details;
  if (
    typeof sourceKey !== 'string' ||
    sourceKey.length === 0 ||
    sourceKey.length > SOURCE_KEY_MAX_CHARS ||
    CONTROL_CHARS.test(sourceKey)
  ) {
    throw new ValidationError('sourceKey', 'Source key must be a non-empty object key without control characters.');
  }
  if (!Number.isSafeInteger(sourceBytes) || sourceBytes <= 0) {
    throw new ValidationError('sourceBytes', 'Source size must be a positive whole number of bytes.');
  }
  return {
    title: normaliseTitle(details.title),
    description: normaliseDescription(details.description ?? ''),
    sourceKey,
    sourceBytes,
    originalFilename: baseFilename(details.originalFilename) || 'upload',
    contentType: cleanText(details.contentType, CONTENT_TYPE_MAX_CHARS).toLowerCase() || 'application/octet-stream',
  };
}

/** A readable title for an upload sent without one: the file name without folder or extension. */
export function defaultTitleFor(originalFilename: string): string {
  const stem = baseFilename(originalFilename).replace(/\.[^.]{1,8}$/, '');
  const words = stem.replace(/[_.]+/g, ' ').replace(/\s+/g, ' ').trim();
  return [...words].slice(0, TITLE_MAX_CHARS).join('').trim() || 'Untitled video';
}

function baseFilename(filename: string): string {
  const base = typeof filename === 'string' ? (filename.split(/[\\/]/).pop() ?? '') : '';
  return cleanText(base, FILENAME_MAX_CHARS);
}

function cleanText(text: string, maxChars: number): string {
  if (typeof text !== 'string') return '';
  const cleaned = text.normalize('NFC').replace(CONTROL_CHARS_ALL, ' ').replace(BIDI_CONTROLS_ALL, '').trim();
  return [...cleaned].slice(0, maxChars).join('').trim();
}
