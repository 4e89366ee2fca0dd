// Where a request came from, for audit entries written far from the controller (the login
// listener, for one): a middleware opens an AsyncLocalStorage scope per request holding the
// client address, user agent and request id, and anything running inside it can read them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export interface RequestMetadata {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<RequestMetadata>();

/** The metadata of a request: the address Express resolved (honouring TRUST_PROXY), its user agent and pino's request id. */
export function requestMetadata(req: Request): RequestMetadata {
  const id = (req as Request & { id?: unknown }).id;
  const agent = req.headers['user-agent'];
  return {
    ip: req.ip ?? null,
    userAgent: typeof agent === 'string' && agent !== '' ? agent : null,
    requestId: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
  };
}

/** The metadata of the request being handled, or all nulls outside one. */
export function currentRequestMetadata(): RequestMetadata {
  return storage.getStore() ?? { ip: null, userAgent: null, requestId: null };
}

@Injectable()
export class RequestMetadataMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    storage.run(requestMetadata(req), next);
  }
}
