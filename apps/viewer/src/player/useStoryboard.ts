// Loads a video's storyboard: the WebVTT (with the token), then each sprite it names into a
// `blob:` URL. Sprites on another origin are skipped: the token is only sent to our own API.
import { useEffect, useState } from 'react';
import { isRootRelative, type ApiClient } from '../api/client';
import { parseStoryboardVtt, type StoryboardCue } from '../playback/storyboard-vtt';

export interface Storyboard {
  cues: StoryboardCue[];
  /** Sprite URL (as named by the cues) → loaded `blob:` URL. */
  sprites: ReadonlyMap<string, string>;
}

/** A storyboard naming more sprite sheets than this is not worth loading whole. */
const MAX_SPRITES = 24;

export function useStoryboard(api: ApiClient, storyboardUrl: string | undefined): Storyboard | null {
  const [storyboard, setStoryboard] = useState<Storyboard | null>(null);

  useEffect(() => {
    if (!storyboardUrl) return;
    const controller = new AbortController();
    const created: string[] = [];

    async function load(url: string): Promise<void> {
      const cues = parseStoryboardVtt(await api.fetchText(url, controller.signal), url).filter((cue) =>
        isRootRelative(cue.image),
      );
      const spriteUrls = [...new Set(cues.map((cue) => cue.image))].slice(0, MAX_SPRITES);
      const sprites = new Map<string, string>();
      await Promise.all(
        spriteUrls.map(async (spriteUrl) => {
          const blob = await api.fetchBlob(spriteUrl, controller.signal);
          if (controller.signal.aborted) return;
          const objectUrl = URL.createObjectURL(blob);
          created.push(objectUrl);
          sprites.set(spriteUrl, objectUrl);
        }),
      );
      if (!controller.signal.aborted) setStoryboard({ cues: cues.filter((cue) => sprites.has(cue.image)), sprites });
    }

    load(storyboardUrl).catch(() => {
      // Thumbnails are an extra: without them scrubbing still shows the time.
    });
    return () => {
      controller.abort();
      setStoryboard(null);
      for (const objectUrl of created) URL.revokeObjectURL(objectUrl);
    };
  }, [api, storyboardUrl]);

  return storyboard;
}
