// Connects a video.js player to the playback session controller: loads the sources it is
// given (seeking back and resuming once loaded), and reports each media response (through
// VHS's own `onResponse` hook, registered on every `xhr-hooks-ready`) and player errors,
// tagged with the load they belong to.
import type Player from 'video.js/dist/types/player';
import type { LoadRequest, PlayerPort } from '../playback/types';
import { responseStatus, vhsXhrOf, type VhsResponseHook } from './vhs';

export interface PlayerEventsListener {
  onMediaResponse(status: number, loadId: number): void;
  onPlayerError(loadId: number): void;
  onLoaded(loadId: number): void;
}

const HLS_TYPE = 'application/x-mpegURL';

export class VideoJsPlayerPort implements PlayerPort {
  private loadId = 0;
  private listener: PlayerEventsListener | null = null;
  private readonly hooks: Array<{ off: () => void }> = [];

  constructor(private readonly player: Player) {
    player.on('xhr-hooks-ready', this.handleHooksReady);
    player.on('error', this.handleError);
  }

  attach(listener: PlayerEventsListener): void {
    this.listener = listener;
  }

  currentTime(): number {
    const time = this.player.isDisposed() ? 0 : this.player.currentTime();
    return typeof time === 'number' && Number.isFinite(time) ? time : 0;
  }

  isPaused(): boolean {
    return this.player.isDisposed() || this.player.paused();
  }

  load(request: LoadRequest): void {
    const { player } = this;
    if (player.isDisposed()) return;
    this.loadId = request.loadId;
    const wasStarted = player.hasClass('vjs-has-started');
    player.controls(true);
    player.src({ src: request.manifestUrl, type: HLS_TYPE });
    player.one('loadedmetadata', () => {
      if (this.loadId !== request.loadId || player.isDisposed()) return;
      if (request.startAt > 0) player.currentTime(request.startAt);
      // A reload while paused must not bring the poster back over the picture.
      if (wasStarted) player.hasStarted(true);
      if (request.autoplay) player.play()?.catch(() => undefined);
      this.listener?.onLoaded(request.loadId);
    });
  }

  halt(): void {
    const { player } = this;
    if (player.isDisposed()) return;
    // Pausing alone would leave VHS filling its buffer with the dead session's tokens, each
    // request refused; resetting unloads the source (and VHS with it) and keeps the poster.
    const poster = player.poster();
    player.pause();
    player.reset();
    if (poster) player.poster(poster);
    player.controls(false);
  }

  dispose(): void {
    this.listener = null;
    for (const hook of this.hooks.splice(0)) hook.off();
    if (this.player.isDisposed()) return;
    this.player.off('xhr-hooks-ready', this.handleHooksReady);
    this.player.off('error', this.handleError);
  }

  private readonly handleHooksReady = (): void => {
    const xhr = vhsXhrOf(this.player);
    if (!xhr) return;
    const loadId = this.loadId;
    const hook: VhsResponseHook = (request, _error, response) => {
      this.listener?.onMediaResponse(responseStatus(request, response), loadId);
    };
    xhr.onResponse(hook);
    this.hooks.push({ off: () => xhr.offResponse(hook) });
  };

  private readonly handleError = (): void => {
    this.listener?.onPlayerError(this.loadId);
  };
}
