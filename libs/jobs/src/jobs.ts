// Queue names and job payloads: one discriminated union, so a job type without a handler, or a
// handler for no job type, is a compile error in the worker's handler map.
export const TRANSCODE_QUEUE = 'transcode';

export interface TranscodeJob {
  kind: 'transcode';
  videoId: string;
  /** The TranscodeRequested event this job answers; also the Bull job id (no duplicates). */
  requestEventId: string;
  sourceKey: string;
  correlationId: string;
}

export type JobPayload = TranscodeJob;
export type JobKind = JobPayload['kind'];

/** What a handler reports for an expected outcome; thrown errors are for the unexpected. */
export type JobStatus = 'done' | 'skipped' | 'refused';

export type JobHandlerMap = { [K in JobKind]: (job: Extract<JobPayload, { kind: K }>) => Promise<JobStatus> };

export interface JobPolicy {
  attempts: number;
  backoffMs: number;
  timeoutMs: number;
}
