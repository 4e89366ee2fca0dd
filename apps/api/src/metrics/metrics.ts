// Prometheus metrics: process defaults plus request counts and latencies by route template.
import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  type NestMiddleware,
  UnauthorizedException,
  Req,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '@reelguard/config';
import { Public } from '../auth/decorators.js';
import { clusterMetrics, isApiClusterWorker, reportToClusterMetrics } from '../infrastructure/api-cluster.js';

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'reelguard_http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'reelguard_' });
    if (isApiClusterWorker()) reportToClusterMetrics(this.registry);
  }

  /** The exposition text: this process's figures, or every API worker's summed. */
  text(): Promise<string> {
    return isApiClusterWorker() ? clusterMetrics() : this.registry.metrics();
  }
}

@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  constructor(@Inject(Metrics) private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.on('finish', () => {
      // The route template, never the raw path: ids and tokens would explode the label set.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      end({ method: req.method, route: `${req.baseUrl}${route}`, status: String(res.statusCode) });
    });
    next();
  }
}

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request): Promise<string> {
    const expected = this.config.METRICS_TOKEN;
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      const wanted = Buffer.from(`Bearer ${expected}`);
      if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
        throw new UnauthorizedException('Send Authorization: Bearer <METRICS_TOKEN> to read metrics.');
      }
    }
    return this.metrics.text();
  }
}
