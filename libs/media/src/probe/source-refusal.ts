// Why a source is refused, as a stable code for programs and a sentence for people.
export type SourceRefusalCode =
  | 'unreadable'
  | 'empty'
  | 'playlist'
  | 'text'
  | 'image'
  | 'audio-only'
  | 'no-video'
  | 'unsupported-format'
  | 'undecodable'
  | 'no-duration'
  | 'too-long'
  | 'too-large'
  | 'too-many-streams';

export interface SourceRefusal {
  readonly ok: false;
  readonly code: SourceRefusalCode;
  /** a sentence fit to show the uploader */
  readonly reason: string;
}

export type SourceAssessment = { readonly ok: true } | SourceRefusal;

export function refuse(code: SourceRefusalCode, reason: string): SourceRefusal {
  return { ok: false, code, reason };
}

/**
 * Refusals split in two: the file is not a playable video at all (HTTP 415), or it is one but
 * beyond what this installation accepts (HTTP 422).
 */
export function refusalCategory(code: SourceRefusalCode): 'not-a-video' | 'beyond-limits' {
  return code === 'too-long' || code === 'too-large' || code === 'too-many-streams' ? 'beyond-limits' : 'not-a-video';
}
