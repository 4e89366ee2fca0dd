// Structured JSON logs (pino) with a request id; credentials and tokens never reach a log line.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Removes token, signature and credential values from a URL before it is logged. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(/([?&](?:token|signature|X-Amz-Signature|password|access_token)=)[^&#]*/gi, '$1[redacted]');
}

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.accessToken',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

/** The client's `X-Request-Id` when well-formed, else a new one; echoed on the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The level of a request's log line: errors for 5xx, warnings for 4xx. */
export function requestLogLevel(statusCode: number, failed = false): 'error' | 'warn' | 'info' {
  return failed || statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/** How a request appears in its log line: never its token or other credentials. */
export function requestLogFields(req: { id: string; method?: string; url?: string; remoteAddress?: string }) {
  return { id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.remoteAddress };
}

export function httpLogger(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: assignRequestId,
    serializers: {
      req: requestLogFields,
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, Boolean(err)),
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  });
}

/** Nest's own messages through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}
