import { describe, expect, it } from 'vitest';
import { publicFailureReason } from './failure-reason.js';
import { planRetry, type HistoryEntry } from './retry-plan.js';

const event = (type: string, eventId = `e-${type}`, data: Record<string, unknown> = {}): HistoryEntry => ({
  type,
  eventId,
  data,
});

describe('a failed job reason shown to admins', () => {
  it('keeps the first line of the message and drops the stack', () => {
    const raw = 'ffmpeg exited with code 1\n    at ChildProcess.exit (/srv/app/libs/media/dist/run.js:10:5)';
    expect(publicFailureReason(raw)).toBe('ffmpeg exited with code 1');
  });

  it('hides file paths, credentials in URLs and key=value secrets', () => {
    const shown = publicFailureReason(
      'could not read /tmp/reelguard-transcode-x1/source from redis://default:hunter2@10.0.0.5:6379 (secret_access_key=AKIA123, Bearer eyJabc.def)',
    );
    expect(shown).toBe('could not read <path> from redis://***@10.0.0.5:6379 (secret_access_key=***, Bearer ***)');
    for (const leak of ['/tmp', 'hunter2', 'AKIA123', 'eyJabc']) expect(shown).not.toContain(leak);
  });

  it('cuts long messages and answers null for nothing to show', () => {
    expect([...publicFailureReason('x'.repeat(1000))!]).toHaveLength(300);
    expect(publicFailureReason('   \n   at foo (bar.js:1:1)')).toBeNull();
    expect(publicFailureReason(undefined)).toBeNull();
  });
});

describe('what retrying a failed job does', () => {
  const uploaded = [event('VideoUploaded'), event('TranscodeRequested', 'req-1')];

  it('puts the job back when its failure never reached the video', () => {
    expect(planRetry('req-1', [...uploaded, event('TranscodeStarted')])).toEqual({ kind: 'requeue' });
  });

  it('asks for a new transcode when the video recorded the failure', () => {
    expect(planRetry('req-1', [...uploaded, event('TranscodeStarted'), event('TranscodeFailed')])).toEqual({
      kind: 'request-again',
    });
  });

  it('refuses jobs of deleted videos, replaced requests and finished transcodes', () => {
    const refused = (history: HistoryEntry[]) => planRetry('req-1', history).kind;
    expect(refused([])).toBe('refuse');
    expect(refused([...uploaded, event('VideoDeleted')])).toBe('refuse');
    expect(refused([...uploaded, event('TranscodeFailed'), event('TranscodeRequested', 'req-2')])).toBe('refuse');
    expect(refused([...uploaded, event('TranscodeProgressed', 'p', { percent: 100 })])).toBe('refuse');
    expect(refused([event('VideoUploaded'), event('TranscodeRequested', 'req-9')])).toBe('refuse');
  });
});
