// Graceful HTTP shutdown. Node's `server.close()` stops accepting connections but keeps serving
// busy keep-alive connections for as long as their clients send requests, so under steady load
// a SIGTERM never ends. On shutdown this adapter stops listening at once, answers every further
// request on an open connection with `Connection: close` (the client reconnects elsewhere),
// closes connections as soon as they are idle (a request in flight when the signal came is
// answered first), and after the drain timeout closes whatever is still open.
import type { Server } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const IDLE_SWEEP_MS = 50;

export class DrainingExpressAdapter extends ExpressAdapter {
  private draining = false;
  private closed: Promise<void> | undefined;

  constructor(private readonly drainTimeoutMs: number) {
    super();
  }

  /** Express middleware, registered first, that ends keep-alive once the server drains. */
  readonly closeConnectionsWhileDraining = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) res.setHeader('Connection', 'close');
    next();
  };

  override beforeClose(): void {
    super.beforeClose();
    void this.drain();
  }

  override close(): Promise<void> {
    return this.drain();
  }

  private drain(): Promise<void> {
    if (this.closed) return this.closed;
    this.draining = true;
    const server = this.getHttpServer() as Server | undefined;
    if (!server?.listening) {
      this.closed = Promise.resolve();
      return this.closed;
    }
    this.closed = new Promise<void>((resolve) => {
      // Connections whose request was in flight become idle once answered: close them then.
      const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
      const deadline = setTimeout(() => server.closeAllConnections(), this.drainTimeoutMs);
      sweep.unref();
      deadline.unref();
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
    });
    server.closeIdleConnections();
    return this.closed;
  }
}
