// The quality menu's model over VHS representations: "Auto" (adaptive bitrate, every
// representation enabled) or one fixed quality (only its representations enabled). Choices
// are keyed by their label ("720p"), which stays the same when a session refresh reloads the
// playlists, unlike VHS's own ids (which embed the tokenised playlist URL).

/** The part of a VHS `Representation` the menu uses. */
export interface RepresentationLike {
  width?: number;
  height?: number;
  bandwidth?: number;
  enabled(enable?: boolean): boolean;
}

export const AUTO_QUALITY = 'auto';
export type QualityChoice = string;

export interface QualityOption {
  /** `auto` or the quality's label; safe to render (never a URL). */
  id: QualityChoice;
  label: string;
}

export function qualityKey(rep: RepresentationLike): string {
  if (rep.height) return `${rep.height}p`;
  if (rep.bandwidth) return `${Math.round(rep.bandwidth / 1000)} kbps`;
  return 'Unknown';
}

/** Auto first, then each quality once, from the highest down. */
export function qualityOptions(reps: readonly RepresentationLike[]): QualityOption[] {
  const sorted = [...reps].sort((a, b) => (b.height ?? 0) - (a.height ?? 0) || (b.bandwidth ?? 0) - (a.bandwidth ?? 0));
  const options: QualityOption[] = [{ id: AUTO_QUALITY, label: 'Auto' }];
  for (const rep of sorted) {
    const key = qualityKey(rep);
    if (!options.some((option) => option.id === key)) options.push({ id: key, label: key });
  }
  return options;
}

/**
 * Enables what `choice` asks for. A choice no longer offered (e.g. after a reload) falls back
 * to Auto. Returns the choice actually applied.
 */
export function applyQuality(reps: readonly RepresentationLike[], choice: QualityChoice): QualityChoice {
  const fixed = choice === AUTO_QUALITY ? [] : reps.filter((rep) => qualityKey(rep) === choice);
  // Enable the target first so there is never a moment with nothing enabled.
  for (const rep of fixed) rep.enabled(true);
  for (const rep of reps) {
    if (!fixed.includes(rep)) rep.enabled(fixed.length === 0);
  }
  return fixed.length > 0 ? choice : AUTO_QUALITY;
}
