// The hottest requests of the API, playlists, keys and above all segments, answered ahead of
// Express's router and the app-wide middleware (request logger, helmet, CORS, body parser,
// metrics, request context), which together cost several times the streaming checks
// themselves. A request takes this lane only when its path is plainly a stream resource
// (`/videos/<key>/<name>` in unreserved characters, so nothing is percent-decoded) and it is a
// same-origin GET (no `Origin` header); anything else, including every malformed or encoded
// path, goes through Express to StreamingController, which calls the same StreamingService.
// The lane gives the same answer: the same security headers (added as the head is written, see
// security-headers.ts), request id, client address (by Express's own `req.ip` getter, so
// TRUST_PROXY holds), error body, metrics and log line. It keeps Node's request and response
// objects as they are; only a request that fails gets Express's prototypes, for the error body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import expressPackage, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { MASTER_PLAYLIST_NAME, parseResourceName } from '@reelguard/media';
import { assignRequestId, requestLogFields, requestLogLevel } from '@reelguard/runtime';
import type { HttpExceptionFilter } from '../../infrastructure/http-exception.filter.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { StreamingService } from './streaming.service.js';
import type { SecurityHeaders } from './security-headers.js';
import type { StreamRequest } from './stream-request.js';

const expressRequest = expressPackage.request;

const LANE_PATH = /^\/videos\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_.-]{1,128})(?:\?|$)/;
const MANIFEST_NAME = 'manifest.m3u8';
const LANE_KINDS = new Set(['variant-playlist', 'init-segment', 'media-segment', 'key']);
const ROUTE = '/videos/:key/:segment';

export interface StreamingLaneParts {
  /** The Express application: the answer for every request not taken by the lane. */
  app: Express;
  streaming: StreamingService;
  errors: HttpExceptionFilter;
  metrics: Metrics;
  logger: Logger;
  /** Headers every response carries (helmet's), as set by the app-wide middleware. */
  headers: SecurityHeaders;
  /** The app-wide middleware that ends keep-alive while the server drains. */
  drain: (req: Request, res: Response, next: () => void) => void;
}

/** The request listener of the HTTP server: the lane for stream resources, Express otherwise. */
export function streamingLane(parts: StreamingLaneParts): (req: IncomingMessage, res: ServerResponse) => void {
  const { app } = parts;
  // One histogram child per status code, made once: the label set is not built again for every
  // request (prom-client still validates and hashes it on each observation).
  const durations = new Map<number, { observe(seconds: number): void }>();
  const duration = (status: number) => {
    let child = durations.get(status);
    if (!child) {
      child = parts.metrics.httpDuration.labels({ method: 'GET', route: ROUTE, status: String(status) });
      durations.set(status, child);
    }
    return child;
  };
  return (req, res) => {
    const match = req.method === 'GET' && req.headers.origin === undefined ? LANE_PATH.exec(req.url ?? '') : null;
    if (!match) return void app(req, res);
    const [, key, name] = match as unknown as [string, string, string];
    const master = name === MANIFEST_NAME;
    if (!master && !LANE_KINDS.has(parseResourceName(name)?.kind ?? '')) return void app(req, res);
    void answer(parts, duration, req, res, key, master ? MASTER_PLAYLIST_NAME : name, master);
  };
}

async function answer(
  parts: StreamingLaneParts,
  duration: (status: number) => { observe(seconds: number): void },
  incoming: IncomingMessage,
  res: ServerResponse,
  key: string,
  name: string,
  viaManifestRoute: boolean,
): Promise<void> {
  const { app, streaming, errors, logger } = parts;
  const started = performance.now();
  const id = assignRequestId(incoming, res);
  // Node's own objects, with the two fields the streaming module reads of Express's request.
  // Express's prototypes are given only to a request that fails, for the error body: set on
  // every request, they cost more CPU than everything the streaming module does (ADR 0054).
  const req: StreamRequest = Object.assign(incoming, { id, ip: clientIp(app, incoming) });
  parts.drain(req as Request, res as Response, () => undefined);
  parts.headers.defer(res);
  res.once('close', () => {
    const seconds = (performance.now() - started) / 1000;
    const statusCode = res.statusCode;
    duration(statusCode).observe(seconds);
    const level = requestLogLevel(statusCode);
    if (!logger.isLevelEnabled(level)) return;
    const fields = requestLogFields({ id, method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress });
    const line = { req: fields, res: { statusCode }, responseTime: Math.round(seconds * 1000) };
    logger[level](line, res.writableFinished ? 'request completed' : 'request aborted');
  });
  try {
    await streaming.serve(req, res, key, name, viaManifestRoute);
  } catch (error) {
    // What Express's own entry does for every request: link the pair and give them its prototypes.
    const expressReq = Object.setPrototypeOf(incoming, app.request as object) as Request & {
      id: string;
      res: Response;
    };
    const expressRes = Object.setPrototypeOf(res, app.response as object) as Response & { req: Request };
    expressReq.res = expressRes;
    expressRes.req = expressReq;
    expressRes.locals = Object.create(null) as Record<string, unknown>;
    errors.respond(error, expressReq, expressRes);
  }
}

const expressIp = Object.getOwnPropertyDescriptor(expressRequest, 'ip')?.get;
if (!expressIp) throw new Error("Express's request has no ip getter");

/** Express's `req.ip` for a plain Node request: the same getter, honouring TRUST_PROXY. */
function clientIp(app: Express, req: IncomingMessage): string | undefined {
  // Without X-Forwarded-For, Express's getter answers the socket's address whatever TRUST_PROXY
  // says (proxy-addr has no other address to consider): skip its parsing.
  if (req.headers['x-forwarded-for'] === undefined) return req.socket.remoteAddress;
  return expressIp!.call({ app, headers: req.headers, socket: req.socket, connection: req.socket }) as
    string | undefined;
}

/** The headers an app-wide middleware that only sets headers (helmet) puts on every response. */
export function headersSetBy(
  middleware: (req: Request, res: Response, next: (error?: unknown) => void) => void,
): Array<[string, string | number | readonly string[]]> {
  const headers: Array<[string, string | number | readonly string[]]> = [];
  const recorder = {
    setHeader: (header: string, value: string | number | readonly string[]) => headers.push([header, value]),
    removeHeader: () => undefined,
  };
  let failure: unknown;
  middleware({ headers: {} } as Request, recorder as unknown as Response, (error) => (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}
