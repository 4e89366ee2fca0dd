// The playback session controller against a scripted API (fake fetch) and a manual clock:
// heartbeat cadence, refresh-and-resume on refused tokens and timed-out sessions, final
// messages for sessions ended on purpose, bounded retries.
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { PlaybackSessionController } from './playback-session-controller';
import { FakePlayer, FakeReelguardApi, ManualScheduler, settle } from './playback-fakes';

const HEARTBEAT_MS = 30_000;

describe('PlaybackSessionController', () => {
  let server: FakeReelguardApi;
  let clock: ManualScheduler;
  let player: FakePlayer;
  let controller: PlaybackSessionController;

  beforeEach(() => {
    clock = new ManualScheduler();
    server = new FakeReelguardApi(() => clock.now());
    player = new FakePlayer();
    const api = createApiClient({ fetch: server.fetch, getAccessToken: () => 'access-1' });
    controller = new PlaybackSessionController({ videoId: 'v1', api, player, scheduler: clock });
  });

  /** Starts, then plays the first load from `position`. */
  async function startPlayingAt(position: number): Promise<void> {
    await controller.start(position);
    controller.handleLoaded(player.lastLoad.loadId);
    player.position = position;
    player.paused = false;
  }

  describe('start', () => {
    it('opens a session and loads its manifest at the remembered position, without autoplay', async () => {
      await controller.start(42);

      expect(server.calls[0]).toMatchObject({
        method: 'POST',
        path: '/videos/v1/playback',
        authorization: 'Bearer access-1',
      });
      expect(player.loads).toEqual([
        { manifestUrl: '/videos/v1/manifest.m3u8?token=t1', startAt: 42, autoplay: false, loadId: 1 },
      ]);
      expect(controller.getState()).toEqual({
        kind: 'active',
        sessionId: 's1',
        expiresAt: new Date(clock.now() + 120_000).toISOString(),
      });
      expect(controller.sessionId).toBe('s1');
    });

    it('says the video is no longer available when playback cannot start (404)', async () => {
      server.startStatus = 404;
      await controller.start();

      expect(controller.getState()).toMatchObject({
        kind: 'ended',
        reason: 'unavailable',
        message: 'This video is no longer available.',
        canRetry: false,
      });
      expect(player.loads).toHaveLength(0);
      expect(clock.activeTimers).toBe(0);
    });

    it('explains a session limit (429) and lets the viewer try again', async () => {
      server.startStatus = 429;
      await controller.start();
      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'too-many-sessions', canRetry: true });

      server.startStatus = 201;
      await controller.retry();
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's1' });
      expect(player.lastLoad.autoplay).toBe(true);
    });

    it('still resumes at the remembered position when the first start was refused and retried', async () => {
      server.startStatus = 503;
      await controller.start(42);
      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'failed', canRetry: true });

      server.startStatus = 201;
      await controller.retry();
      expect(player.lastLoad).toMatchObject({ startAt: 42, autoplay: true });
    });
  });

  describe('heartbeat', () => {
    it('beats every 30 s with the access token, also while paused', async () => {
      await controller.start();
      player.paused = true;

      await clock.advance(HEARTBEAT_MS - 1);
      expect(server.heartbeats).toBe(0);
      await clock.advance(1);
      expect(server.heartbeats).toBe(1);
      await clock.advance(2 * HEARTBEAT_MS);
      expect(server.heartbeats).toBe(3);

      const beat = server.calls.find((call) => call.path.endsWith('/heartbeat'));
      expect(beat).toMatchObject({ path: '/playback-sessions/s1/heartbeat', authorization: 'Bearer access-1' });
      expect(controller.getState()).toMatchObject({
        kind: 'active',
        expiresAt: new Date(clock.now() + 120_000).toISOString(),
      });
    });

    it('keeps going after a heartbeat that could not reach the API', async () => {
      await controller.start();
      server.heartbeatNetworkDown = true;
      await clock.advance(HEARTBEAT_MS);
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's1' });

      server.heartbeatNetworkDown = false;
      await clock.advance(HEARTBEAT_MS);
      expect(server.heartbeats).toBe(2);
      expect(server.playbackStarts).toBe(1);
    });

    it('beats often enough for a short idle time', async () => {
      server.idleMs = 6_000;
      await controller.start();

      await clock.advance(2_000);
      expect(server.heartbeats).toBe(1);
      await clock.advance(6_000);
      expect(server.heartbeats).toBe(4);
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's1' });
    });

    it('opens a new session and resumes when the session died of idleness while heartbeats failed', async () => {
      await startPlayingAt(75);
      server.heartbeatNetworkDown = true;
      await clock.advance(4 * HEARTBEAT_MS + 1); // past the 120 s idle deadline
      expect(server.playbackStarts).toBe(1);

      server.heartbeatNetworkDown = false;
      server.heartbeatStatus = 410;
      await clock.advance(HEARTBEAT_MS);

      expect(server.playbackStarts).toBe(2);
      expect(player.lastLoad).toMatchObject({
        manifestUrl: '/videos/v1/manifest.m3u8?token=t2',
        startAt: 75,
        autoplay: true,
      });
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's2' });
    });

    it('stops when the viewer leaves, ending the session with a keepalive request', async () => {
      await controller.start();
      controller.dispose();
      await settle();

      const end = server.calls.find((call) => call.method === 'DELETE');
      expect(end).toMatchObject({ path: '/playback-sessions/s1', keepalive: true, authorization: 'Bearer access-1' });
      await clock.advance(5 * HEARTBEAT_MS);
      expect(server.heartbeats).toBe(0);
    });
  });

  describe('refused media requests', () => {
    it('on 403 opens a new session and resumes at the same position', async () => {
      await startPlayingAt(42.5);
      const firstLoad = player.lastLoad.loadId;

      controller.handleMediaResponse(403, firstLoad);
      controller.handleMediaResponse(403, firstLoad); // the same refusal seen by several requests
      await settle();

      expect(server.playbackStarts).toBe(2);
      expect(server.calls.some((call) => call.method === 'DELETE' && call.path === '/playback-sessions/s1')).toBe(true);
      expect(player.loads).toHaveLength(2);
      expect(player.lastLoad).toEqual({
        manifestUrl: '/videos/v1/manifest.m3u8?token=t2',
        startAt: 42.5,
        autoplay: true,
        loadId: firstLoad + 1,
      });
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's2' });

      await clock.advance(HEARTBEAT_MS);
      expect(server.calls.at(-1)?.path).toBe('/playback-sessions/s2/heartbeat');
    });

    it('stays paused after a refresh when the viewer had paused', async () => {
      await startPlayingAt(10);
      player.paused = true;
      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(player.lastLoad).toMatchObject({ startAt: 10, autoplay: false });
    });

    it('keeps the position through a second refusal that arrives before the reload sought back', async () => {
      await startPlayingAt(300);
      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();
      expect(player.position).toBe(0); // the new source has not sought back yet

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();
      expect(player.loads.map((load) => load.startAt)).toEqual([300, 300, 300]);
      expect(controller.playbackPosition()).toBe(300);
    });

    it('ignores refusals reported for a source that was already replaced', async () => {
      await startPlayingAt(20);
      const staleLoad = player.lastLoad.loadId;
      controller.handleMediaResponse(403, staleLoad);
      await settle();

      controller.handleMediaResponse(403, staleLoad);
      await settle();
      expect(server.playbackStarts).toBe(2);
    });

    it('leaves throttling (429) and successful answers to the player', async () => {
      await startPlayingAt(20);
      for (const status of [200, 206, 0, 429, 500, 503]) controller.handleMediaResponse(status, player.lastLoad.loadId);
      await settle();

      expect(server.playbackStarts).toBe(1);
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's1' });
    });

    it('recovers from a player error the same way', async () => {
      await startPlayingAt(12);
      controller.handlePlayerError(player.lastLoad.loadId);
      await settle();

      expect(player.lastLoad).toMatchObject({ manifestUrl: '/videos/v1/manifest.m3u8?token=t2', startAt: 12 });
    });

    it('does not replace a revoked session when the player reports the error first', async () => {
      await startPlayingAt(12);
      server.heartbeatStatus = 410;
      controller.handlePlayerError(player.lastLoad.loadId);
      await settle();

      expect(server.playbackStarts).toBe(1);
      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'revoked' });
    });

    it('on 403 for a session that reached its idle deadline opens a new one', async () => {
      server.idleMs = 6_000;
      await startPlayingAt(33);
      server.heartbeatNetworkDown = true;
      await clock.advance(8_000);
      server.heartbeatNetworkDown = false;
      server.heartbeatStatus = 410;

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(player.lastLoad).toMatchObject({ manifestUrl: '/videos/v1/manifest.m3u8?token=t2', startAt: 33 });
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's2' });
    });
  });

  describe('final refusals', () => {
    it('shows "Your viewing session was ended" when the session died before its deadlines (revoked)', async () => {
      await startPlayingAt(30);
      server.heartbeatStatus = 410;

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(controller.getState()).toEqual({
        kind: 'ended',
        reason: 'revoked',
        message: 'Your viewing session was ended.',
        canRetry: false,
      });
      expect(server.playbackStarts).toBe(1);
      expect(player.halted).toBe(true);
      const requestsSoFar = server.calls.length;
      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await clock.advance(10 * HEARTBEAT_MS);
      expect(server.calls).toHaveLength(requestsSoFar);
    });

    it('also when a heartbeat is the first to learn of the revocation', async () => {
      await startPlayingAt(30);
      server.heartbeatStatus = 410;
      await clock.advance(HEARTBEAT_MS);

      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'revoked' });
      expect(server.playbackStarts).toBe(1);
    });

    it('also when the refusal comes after the idle deadline but the API says the session was revoked', async () => {
      server.idleMs = 6_000;
      await startPlayingAt(30);
      server.heartbeatNetworkDown = true;
      await clock.advance(8_000);
      server.heartbeatNetworkDown = false;
      server.heartbeatStatus = 410;
      server.heartbeatReason = 'session_revoked.revoked_by_admin';

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'revoked' });
      expect(server.playbackStarts).toBe(1);
    });

    it('refreshes a session the API says timed out, even before the deadline this browser knows', async () => {
      await startPlayingAt(30);
      server.heartbeatStatus = 410;
      server.heartbeatReason = 'session_idle';

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's2' });
      expect(server.playbackStarts).toBe(2);
    });

    it('says the video is gone when its session was cut off early and it is no longer listed', async () => {
      await startPlayingAt(30);
      server.heartbeatStatus = 410;
      server.videoStatus = 404;

      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'unavailable' });
      expect(server.playbackStarts).toBe(1);
    });

    it('refreshes when a 403 came for a session the API still keeps alive (a refused token)', async () => {
      await startPlayingAt(30);
      controller.handleMediaResponse(403, player.lastLoad.loadId);
      await settle();

      expect(server.count('POST', /\/playback-sessions\/s1\/heartbeat$/)).toBe(1);
      expect(controller.getState()).toMatchObject({ kind: 'active', sessionId: 's2' });
    });

    it('shows "Your viewing session was ended" when an admin revoked the session', async () => {
      await startPlayingAt(30);
      server.heartbeatStatus = 404;
      server.startStatus = 404; // no new session for this viewer
      server.videoStatus = 200; // while the video itself is still listed

      await clock.advance(HEARTBEAT_MS);

      expect(controller.getState()).toEqual({
        kind: 'ended',
        reason: 'revoked',
        message: 'Your viewing session was ended.',
        canRetry: false,
      });
      expect(player.halted).toBe(true);
      expect(player.loads).toHaveLength(1);

      const requestsSoFar = server.calls.length;
      await clock.advance(10 * HEARTBEAT_MS);
      expect(server.calls).toHaveLength(requestsSoFar);
    });

    it('shows "This video is no longer available" when the video was unpublished mid-play', async () => {
      await startPlayingAt(30);
      server.startStatus = 404;
      server.videoStatus = 404;

      controller.handleMediaResponse(404, player.lastLoad.loadId);
      await settle();

      expect(controller.getState()).toMatchObject({
        kind: 'ended',
        reason: 'unavailable',
        message: 'This video is no longer available.',
      });
      expect(server.playbackStarts).toBe(2);
      expect(player.halted).toBe(true);
      await clock.advance(10 * HEARTBEAT_MS);
      expect(server.playbackStarts).toBe(2);
    });

    it('does not retry a final state even when asked to', async () => {
      server.startStatus = 404;
      await controller.start();
      await controller.retry();
      expect(server.playbackStarts).toBe(1);
    });

    it('asks the viewer to sign in again when the access token is refused', async () => {
      await controller.start();
      server.heartbeatStatus = 401;
      await clock.advance(HEARTBEAT_MS);
      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'signed-out' });
    });
  });

  describe('bounded refreshes', () => {
    it('refreshes at most 3 times within a minute, then shows a message instead of looping', async () => {
      await startPlayingAt(50);
      for (let refusal = 0; refusal < 5; refusal += 1) {
        controller.handleMediaResponse(403, player.lastLoad.loadId);
        await settle();
        await clock.advance(5_000);
      }

      expect(server.playbackStarts).toBe(4); // the first session plus 3 refreshes
      expect(controller.getState()).toMatchObject({
        kind: 'ended',
        reason: 'refresh-limit',
        message: 'Playback keeps being interrupted. Wait a moment and try again.',
        canRetry: true,
      });
      expect(player.halted).toBe(true);
    });

    it('allows refreshes again once the minute has passed, and after a manual retry', async () => {
      await startPlayingAt(50);
      for (let refusal = 0; refusal < 6; refusal += 1) {
        controller.handleMediaResponse(403, player.lastLoad.loadId);
        await settle();
        await clock.advance(25_000);
      }
      expect(server.playbackStarts).toBe(7);
      expect(controller.getState()).toMatchObject({ kind: 'active' });

      for (let refusal = 0; refusal < 4; refusal += 1) {
        controller.handleMediaResponse(403, player.lastLoad.loadId);
        await settle();
      }
      expect(controller.getState()).toMatchObject({ kind: 'ended', reason: 'refresh-limit' });

      await controller.retry();
      expect(controller.getState()).toMatchObject({ kind: 'active' });
      expect(player.lastLoad).toMatchObject({ startAt: 50, autoplay: true });
    });
  });
});
