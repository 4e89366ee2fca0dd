// Builds the HTTP application with everything main.ts and the tests share: security headers,
// CORS, validation, error shape, logging, OpenAPI and the two frontends.
import type { Server } from 'node:http';
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import type { Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '@reelguard/config';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './infrastructure/http-exception.filter.js';
import { PinoNestLogger, createLogger, httpLogger } from '@reelguard/runtime';
import { mountFrontends } from './web/frontends.js';
import { UsersService } from './users/users.service.js';
import { DrainingExpressAdapter } from './infrastructure/draining-express-adapter.js';
import { Metrics } from './metrics/metrics.js';
import { StreamingService } from './streaming/serving/streaming.service.js';
import { SecurityHeaders } from './streaming/serving/security-headers.js';
import { headersSetBy, streamingLane } from './streaming/serving/streaming-lane.js';

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      if (e.constraints.whitelistValidation) return [`${path} is not an accepted field; remove it`];
      return Object.values(e.constraints);
    }
    return flatten(e.children ?? [], path);
  });
}

/**
 * Slow clients hold sockets: headers must arrive within HTTP_HEADERS_TIMEOUT_SEC (checked every
 * second rather than Node's default 30 s), and a connection silent in both directions for
 * HTTP_IDLE_TIMEOUT_SEC is closed, so a stalled upload body cannot pin a socket forever; an idle
 * keep-alive connection is closed after the same time, not sooner.
 */
function limitSlowClients(server: Server, config: Config): void {
  server.headersTimeout = config.HTTP_HEADERS_TIMEOUT_SEC * 1000;
  // Read when the server starts listening; Node's own default is 30 s.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 1000;
  server.setTimeout(config.HTTP_IDLE_TIMEOUT_SEC * 1000);
  // An idle keep-alive connection lives as long (Node's own default is 5 s): a load balancer
  // reuses its pooled connections for up to its idle timeout (60 s on AWS's), and a request it
  // sends on one the API is closing at that moment is lost (a 502 for the viewer).
  server.keepAliveTimeout = config.HTTP_IDLE_TIMEOUT_SEC * 1000;
  // No cap on a whole request's duration (Node's default is 300 s): a large upload over a slow
  // link may take longer, and a stalled one is already closed by the idle timeout above.
  server.requestTimeout = 0;
}

export interface CreatedApp {
  app: NestExpressApplication;
  logger: Logger;
}

export interface CreateAppOptions {
  logger?: Logger;
  /** Close the app on SIGTERM and SIGINT (Nest's shutdown hooks); off in a cluster worker. */
  shutdownHooks?: boolean;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<CreatedApp> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL, 'reelguard-api');
  const adapter = new DrainingExpressAdapter(config.HTTP_DRAIN_TIMEOUT_SEC * 1000);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.set('trust proxy', config.TRUST_PROXY ? 1 : false);
  limitSlowClients(app.getHttpServer() as Server, config);
  app.disable('x-powered-by');
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  app.use(adapter.closeConnectionsWhileDraining);
  app.use(httpLogger(logger));
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  app.use(securityHeaders);
  const allowed = new Set(config.CORS_ORIGINS);
  app.enableCors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['Content-Range', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
  app.useBodyParser('json', { limit: '64kb' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(`${flatten(errors).join('; ')}.`),
    }),
  );

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Reelguard API')
      .setDescription('Secure video-on-demand: uploads, guarded HLS streaming and a tamper-evident audit trail.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  const express = app.getHttpAdapter().getInstance() as Express;
  mountFrontends(express);
  const filter = new HttpExceptionFilter(logger);
  app.useGlobalFilters(filter);
  // Stream resources are answered ahead of Express (see streaming-lane.ts).
  const server = app.getHttpServer() as Server;
  server.removeListener('request', express);
  server.on(
    'request',
    streamingLane({
      app: express,
      streaming: app.get(StreamingService),
      errors: filter,
      metrics: app.get(Metrics),
      logger,
      headers: new SecurityHeaders(headersSetBy(securityHeaders)),
      drain: adapter.closeConnectionsWhileDraining,
    }),
  );
  return { app, logger };
}

/** Creates the first admin if none exists and shows a generated password once, on stdout only. */
export async function ensureFirstAdmin(app: NestExpressApplication, config: Config): Promise<void> {
  const users = app.get(UsersService);
  const result = await users.ensureFirstAdmin(config.REELGUARD_ADMIN_EMAIL, config.REELGUARD_ADMIN_PASSWORD);
  if (result.created) {
    const password = result.generatedPassword ?? '(the value of REELGUARD_ADMIN_PASSWORD)';
    process.stdout.write(
      `\n  First admin created: ${config.REELGUARD_ADMIN_EMAIL}\n  Password: ${password}\n  This password is shown once; store it now.\n\n`,
    );
  }
}
