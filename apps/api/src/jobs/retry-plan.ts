// Deciding what "retry" means for a failed transcode job, from the video's own history.
// The worker skips a job whose request was answered (failed, replaced or completed), so putting
// such a job back in the queue would do nothing: the video is asked for a new transcode instead
// (a new TranscodeRequested, relayed as a new job) and the spent job is dropped. A job whose
// failure never reached the video (the worker stopped before recording it) is still the live
// request and is simply put back in the queue.
export interface HistoryEntry {
  type: string;
  eventId: string;
  data: Record<string, unknown>;
}

export type RetryPlan = { kind: 'requeue' } | { kind: 'request-again' } | { kind: 'refuse'; message: string };

export function planRetry(requestEventId: string, history: readonly HistoryEntry[]): RetryPlan {
  if (history.length === 0 || history.some((e) => e.type === 'VideoDeleted')) {
    return { kind: 'refuse', message: 'The video of this job was deleted; there is nothing to retry.' };
  }
  const request = history.findIndex((e) => e.eventId === requestEventId);
  if (request < 0) {
    return { kind: 'refuse', message: 'This job does not answer any transcode request of its video.' };
  }
  const later = history.slice(request + 1);
  if (later.some((e) => e.type === 'TranscodeRequested')) {
    return { kind: 'refuse', message: 'A newer transcode of this video was already requested; this job is obsolete.' };
  }
  if (later.some((e) => e.type === 'TranscodeProgressed' && e.data.percent === 100)) {
    return { kind: 'refuse', message: 'This video was transcoded since; there is nothing to retry.' };
  }
  if (later.some((e) => e.type === 'TranscodeFailed')) return { kind: 'request-again' };
  return { kind: 'requeue' };
}
