// Admin actions in the audit trail: a route marked @Audited('video.publish') produces exactly
// one entry per call, granted when the handler succeeds and denied (with the reason) when it
// throws. An interceptor rather than calls inside each service keeps the services free of audit
// plumbing and makes an audited route visible where it is declared.
import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { AuditSink, type AccessLogEntry, type AuditAction } from '@reelguard/audit';
import { DomainError } from '@reelguard/domain';
import { ConcurrencyError } from '@reelguard/persistence';
import type { AuthUser } from '../auth/decorators.js';
import { requestMetadata } from '../common/request-metadata.js';

export type AdminAction = Extract<AuditAction, `video.${string}` | `user.${string}`>;

const AUDITED = 'reelguard:audited';

/** Records one audit entry for every call of the route. */
export const Audited = (action: AdminAction) => SetMetadata(AUDITED, action);

const STATUS_REASONS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported_media',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/** A stable reason code for a refused action. */
export function denialReason(error: unknown): string {
  if (error instanceof DomainError) return error.code.toLowerCase();
  if (error instanceof ConcurrencyError) return 'conflict';
  if (error instanceof HttpException) return STATUS_REASONS[error.getStatus()] ?? `http_${error.getStatus()}`;
  return 'error';
}

interface Outcome {
  result?: unknown;
  error?: unknown;
}

/** The entry for one admin action; the target comes from the route's :id or the created resource's id. */
export function adminEntry(action: AdminAction, req: Request & { user?: AuthUser }, outcome: Outcome): AccessLogEntry {
  const param = typeof req.params?.id === 'string' ? req.params.id : undefined;
  const created = (outcome.result as { id?: unknown } | undefined)?.id;
  const target = param ?? (typeof created === 'string' ? created : undefined);
  const isUser = action.startsWith('user.');
  return {
    at: new Date(),
    action,
    outcome: 'error' in outcome ? 'denied' : 'granted',
    reason: 'error' in outcome ? denialReason(outcome.error) : null,
    userId: req.user?.id ?? null,
    sessionId: null,
    videoId: !isUser ? (target ?? null) : null,
    resource: isUser && target ? `user:${target}` : null,
    ...requestMetadata(req),
  };
}

@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditSink) private readonly sink: AuditSink,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<AdminAction | undefined>(AUDITED, context.getHandler());
    if (!action || context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        await this.sink.record(adminEntry(action, req, { result }));
        return result;
      }),
      catchError((error: unknown) =>
        from(Promise.resolve(this.sink.record(adminEntry(action, req, { error })))).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}
