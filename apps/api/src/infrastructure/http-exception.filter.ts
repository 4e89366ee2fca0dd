// Every error leaves as {statusCode, error, message}, plus `reason` when the exception gives a
// machine-readable one for the client to act on; a 5xx never carries a stack trace, an S3 key,
// SQL or a file path, only a request id to quote.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { DomainError } from '@reelguard/domain';
import { ConcurrencyError, isDatabaseDown } from '@reelguard/persistence';
import { StorageUnavailableError } from '@reelguard/storage';

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable code for clients to act on (e.g. `session_revoked.revoked_by_admin`), when given. */
  reason?: string;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: NAMES[statusCode] ?? 'Error', message };
}

const REASON = /^[a-z][a-z_]*(\.[a-z][a-z_]*)*$/;

/** The `reason` an exception raised with `{message, reason}` gives for its client, if well-formed. */
function reasonOf(exception: HttpException): string | undefined {
  const response = exception.getResponse();
  const reason = typeof response === 'object' ? (response as { reason?: unknown }).reason : undefined;
  return typeof reason === 'string' && reason.length <= 80 && REASON.test(reason) ? reason : undefined;
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (typeof message === 'string') return message;
  return exception.message;
}

/**
 * Nest's unmatched-route answer is "Cannot GET <url>": the raw URL, query string and any token
 * in it included. Echoing attacker-chosen text (or a credential) back is never useful.
 */
function withoutEchoedUrl(message: string, method: string): string {
  return message.startsWith(`Cannot ${method} `) ? `No route answers ${method} at this address.` : message;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<Request & { id?: string }>(), http.getResponse<Response>());
  }

  /** The answer to an error, also for requests answered outside Nest's routing. */
  respond(exception: unknown, req: Request & { id?: string }, res: Response): void {
    let body: ErrorBody;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // A 503 is raised only with a message written for the client (which dependency, when to
      // retry); any other 5xx may carry internals and is replaced.
      body =
        status >= 500 && status !== 503
          ? errorBody(status, 'Something went wrong on our side; try again later.')
          : errorBody(status, withoutEchoedUrl(messageOf(exception), req.method));
      const reason = status < 500 ? reasonOf(exception) : undefined;
      if (reason) body.reason = reason;
      if (status >= 500) this.logger.error({ err: exception, reqId: req.id }, 'request failed');
    } else if (exception instanceof DomainError) {
      const status = exception.code === 'VALIDATION_FAILED' ? 400 : exception.code === 'VIDEO_NOT_FOUND' ? 404 : 409;
      body = errorBody(status, exception.message);
    } else if (exception instanceof ConcurrencyError) {
      body = errorBody(409, 'The video was changed by someone else at the same time; reload it and try again.');
    } else if (exception instanceof StorageUnavailableError || isDatabaseDown(exception)) {
      const what = exception instanceof StorageUnavailableError ? 'Video storage' : 'The database';
      body = errorBody(HttpStatus.SERVICE_UNAVAILABLE, `${what} is unavailable right now; try again in a moment.`);
      this.logger.error({ err: exception, reqId: req.id }, 'dependency unavailable');
    } else {
      body = errorBody(500, `Something went wrong on our side; try again later (request id ${req.id ?? 'unknown'}).`);
      this.logger.error({ err: exception, reqId: req.id }, 'unhandled error');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (body.statusCode === 503) res.setHeader('Retry-After', '5');
    res.status(body.statusCode).json(body);
  }
}
