// What the streaming module reads of a request: Node's own message plus the request id and the
// client address. Express's request satisfies it (its `ip` getter honours TRUST_PROXY); the
// streaming lane fills both fields itself, since giving Node's objects Express's prototypes
// costs more CPU per segment than the streaming checks do (ADR 0054).
import type { IncomingMessage } from 'node:http';

export type StreamRequest = IncomingMessage & {
  readonly id?: unknown;
  /** the client's address, through trusted proxies as TRUST_PROXY says */
  readonly ip?: string;
  /** Express's full URL, when it rewrote `url` below a mount point */
  readonly originalUrl?: string;
};

/**
 * The `token` query parameter: a string, an array when it is given more than once (refused as
 * malformed by the token check), undefined when absent. The same for the lane and for Express.
 */
export function tokenParam(req: StreamRequest): string | string[] | undefined {
  const url = req.originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const values = new URLSearchParams(url.slice(query + 1)).getAll('token');
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}
