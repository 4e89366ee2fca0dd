// The quality menu's model over VHS representations: "Auto" (adaptive bitrate, every
// representation enabled) or one fixed quality (only its representations enabled). Choices
// are keyed by their label ("720p"), which stays the same when a session refresh reloads the
// playlists, unlike VHS's own ids (which embed the tokenised playlist URL).

/** The part of a VHS `Representation` the menu uses. */
export interface RepresentationLike {
  width?: number;
  height?: number;
  bandwidth?: number;
  /** VHS's media playlist behind the representation; its id names it in the playlist loader. */
  playlist?: { id?: string };
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
 *
 * VHS switches at once (dropping what it buffered ahead in the old quality) only when a
 * representation goes from disabled to enabled; merely disabling the others would keep showing
 * the old quality for as long as its buffer lasts (up to 30 s). So a fixed choice switches the
 * others off and then its own representations on, off-and-on again if they were already on.
 * Everything happens in one task: VHS never acts on the moment with nothing enabled.
 */
export function applyQuality(reps: readonly RepresentationLike[], choice: QualityChoice): QualityChoice {
  const fixed = choice === AUTO_QUALITY ? [] : reps.filter((rep) => qualityKey(rep) === choice);
  if (fixed.length === 0) {
    for (const rep of reps) rep.enabled(true);
    return AUTO_QUALITY;
  }
  for (const rep of reps) {
    if (!fixed.includes(rep)) rep.enabled(false);
  }
  for (const rep of fixed) {
    if (rep.enabled()) rep.enabled(false);
    rep.enabled(true);
  }
  return choice;
}

/** Where VHS's playback stands right after its own (debounced) reaction to a quality choice. */
export interface QualitySwitchState {
  /** The id of the media playlist VHS plays now. */
  current: string | undefined;
  /** Whether that playlist is loaded (VHS is not waiting for it). */
  loaded: boolean;
  /** Whether VHS still means to drop its buffer once a playlist arrives. */
  flushArmed: boolean;
}

/**
 * Whether VHS changed to the chosen playlist without dropping what it had buffered ahead in the
 * old quality, which would then play on for as long as that buffer lasts (up to a minute).
 * VHS 3 drops the buffer only when a playlist arrives after it armed its flush. Two ways miss it:
 * - the playlist was loaded before (a quality played earlier): VHS switches to it on the spot,
 *   then arms a flush that nothing will fire;
 * - its bandwidth logic fetched the chosen playlist (the only one left enabled) while the
 *   quality change waited out its 100 ms debounce: VHS then saw nothing left to switch, or
 *   switched to its outdated copy of that playlist, again arming a flush that nothing fires.
 * `before` is the playlist VHS played when the viewer chose; `chosen` the ids of the choice.
 */
export function switchMissedFlush(before: string | undefined, chosen: readonly string[], state: QualitySwitchState) {
  if (state.current === undefined || !chosen.includes(state.current) || !state.loaded) return false;
  return state.flushArmed || before !== state.current;
}
