// Where a request came from, for the audit trail: the address Express resolved (honouring
// TRUST_PROXY), the user agent and the request id. Read from the request by whoever records the
// entry and handed on explicitly (sign-ins and refusals carry it in their events), so no
// per-request async context is needed: AsyncLocalStorage would switch on Node's promise hooks
// for every promise of the process, the streaming lane's included.
import type { Request } from 'express';

export interface RequestMetadata {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export function requestMetadata(req: Request): RequestMetadata {
  const id = (req as Request & { id?: unknown }).id;
  const agent = req.headers['user-agent'];
  return {
    ip: req.ip ?? null,
    userAgent: typeof agent === 'string' && agent !== '' ? agent : null,
    requestId: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
  };
}
