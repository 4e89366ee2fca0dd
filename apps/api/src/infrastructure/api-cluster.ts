// API_WORKERS > 1: one primary process supervises that many API processes sharing the port
// (Node's cluster module; the primary accepts connections and hands them out round-robin). One
// Node process serves segments on one core; nginx uses every core, and so can the API.
//
// - Start-up: the first worker runs the migrations and creates the first admin; the others are
//   forked once it listens, so no two processes migrate at once. A first worker that fails to
//   start ends the primary with its exit code (its own message says why).
// - A worker that dies while the cluster runs is replaced; one that dies within seconds of its
//   start, again and again, ends the primary instead of looping.
// - SIGTERM or SIGINT to the primary (or to the whole group, as Ctrl-C does) drains every
//   worker once: each stops listening and finishes its requests (DrainingExpressAdapter).
// - /metrics served by any worker answers the sum over all workers (prom-client's aggregator).
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { AggregatorRegistry, type Registry } from 'prom-client';

const SHUTDOWN = 'reelguard:shutdown';
const METRICS_REQUEST = 'reelguard:metrics-request';
const METRICS_ANSWER = 'reelguard:metrics';
/** A worker that dies sooner than this after it started counts as a failed start. */
const QUICK_DEATH_MS = 10_000;
const MAX_QUICK_DEATHS = 3;

interface Message {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly text?: unknown;
  readonly error?: unknown;
}

export interface ClusterOptions {
  readonly workers: number;
  /** Workers still running this long after a shutdown began are killed. */
  readonly shutdownTimeoutMs: number;
  readonly logger: Logger;
}

export function isApiClusterWorker(): boolean {
  return cluster.isWorker;
}

/** In the primary: forks and supervises the workers until they have all stopped. */
export function runApiPrimary(options: ClusterOptions): Promise<void> {
  const aggregator = new AggregatorRegistry();
  const startedAt = new Map<Worker, number>();
  const listening = new Set<Worker>();
  let stopping = false;
  let quickDeaths = 0;
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);

  return new Promise<void>((resolve) => {
    const fork = (): Worker => {
      const worker = cluster.fork();
      startedAt.set(worker, Date.now());
      worker.once('listening', () => listening.add(worker));
      worker.on('message', (message: Message) => {
        if (message?.type !== METRICS_REQUEST) return;
        aggregator.clusterMetrics().then(
          (text) => worker.send({ type: METRICS_ANSWER, id: message.id, text }),
          (error: Error) => worker.send({ type: METRICS_ANSWER, id: message.id, error: error.message }),
        );
      });
      return worker;
    };

    const shutdown = (why: string) => {
      if (stopping) return;
      stopping = true;
      options.logger.info(`${why}: stopping the API workers`);
      for (const worker of workers()) {
        // One still starting has no drain to run yet: it just ends.
        if (listening.has(worker)) worker.send({ type: SHUTDOWN });
        else worker.process.kill('SIGTERM');
      }
      setTimeout(() => {
        for (const worker of workers()) worker.process.kill('SIGKILL');
      }, options.shutdownTimeoutMs).unref();
      if (workers().length === 0) resolve();
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));

    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? 0);
      const wasListening = listening.delete(worker);
      startedAt.delete(worker);
      if (stopping) {
        if (workers().length === 0) resolve();
        return;
      }
      if (worker === first && !wasListening) {
        // The first start failed (database, migrations, a dependency down): it said why.
        process.exitCode = code ?? 1;
        shutdown('the first API worker did not start');
        return;
      }
      quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
      if (quickDeaths < MAX_QUICK_DEATHS) {
        options.logger.error({ pid: worker.process.pid, code, signal }, 'an API worker died; starting another');
        fork();
        return;
      }
      options.logger.error(
        { pid: worker.process.pid, code, signal },
        `${MAX_QUICK_DEATHS} API workers in a row died within seconds of starting; stopping`,
      );
      process.exitCode = 1;
      shutdown('too many failed starts');
    });

    // The first worker migrates the database and creates the first admin; the rest follow.
    const first = fork();
    first.once('listening', () => {
      if (stopping) return;
      for (let i = 1; i < options.workers; i += 1) fork();
      options.logger.info({ workers: options.workers }, 'Reelguard API cluster running');
    });
  });
}

/**
 * In a worker: runs `shutdown` once, on SIGTERM, SIGINT or the primary's word, whichever comes
 * first (Ctrl-C signals every process of the group, and the primary passes it on as well).
 */
export function onClusterShutdown(shutdown: () => Promise<void>): void {
  let once: Promise<void> | null = null;
  const run = () => {
    once ??= shutdown();
  };
  process.on('SIGTERM', run);
  process.on('SIGINT', run);
  process.on('message', (message: Message) => {
    if (message?.type === SHUTDOWN) run();
  });
}

/** In a worker: makes `registry` the one this worker reports when the primary gathers metrics. */
export function reportToClusterMetrics(registry: Registry): void {
  AggregatorRegistry.setRegistries(registry);
  // Constructing one installs the worker's answering listener.
  new AggregatorRegistry();
}

let nextRequest = 0;

/** In a worker: the metrics of every worker, summed by the primary. */
export function clusterMetrics(timeoutMs = 5_000): Promise<string> {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    const answer = (message: Message) => {
      if (message?.type !== METRICS_ANSWER || message.id !== id) return;
      settle();
      if (typeof message.text === 'string') resolve(message.text);
      else reject(new Error(`the cluster's metrics could not be gathered: ${String(message.error)}`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`the cluster's metrics did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      process.off('message', answer);
    };
    process.on('message', answer);
    process.send?.({ type: METRICS_REQUEST, id });
  });
}
