// Serves the built admin dashboard at /admin and the viewer app at /, from the API's origin.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';

const appsDir = fileURLToPath(new URL('../../../', import.meta.url));
export const ADMIN_DIST = `${appsDir}admin/dist`;
export const VIEWER_DIST = `${appsDir}viewer/dist`;

// Client-side routes of the viewer app that must answer with its index.html.
const VIEWER_ROUTES = /^\/(?:$|watch(?:\/[^/]*)?$|catalogue$|signin$)/;

export function mountFrontends(server: Express): void {
  const staticOptions = { index: false, fallthrough: true, maxAge: '1h', immutable: false } as const;
  if (existsSync(ADMIN_DIST)) {
    server.use('/admin', express.static(ADMIN_DIST, staticOptions));
    server.get(/^\/admin(?:\/.*)?$/, (req: Request, res: Response, next: NextFunction) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(`${ADMIN_DIST}/index.html`);
    });
  }
  if (existsSync(VIEWER_DIST)) {
    server.use('/assets', express.static(`${VIEWER_DIST}/assets`, { ...staticOptions, maxAge: '7d', immutable: true }));
    server.get(VIEWER_ROUTES, (req: Request, res: Response, next: NextFunction) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(`${VIEWER_DIST}/index.html`);
    });
    // Only the build's own top-level files: a root static mount would stat the disk on every
    // API request, segments included, before the route runs.
    const rootFiles = new Set(
      readdirSync(VIEWER_DIST, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => `/${e.name}`),
    );
    server.get(/^\/[^/]+$/, (req: Request, res: Response, next: NextFunction) => {
      if (!rootFiles.has(req.path)) return next();
      res.setHeader('Cache-Control', 'public, max-age=3600');
      res.sendFile(`${VIEWER_DIST}${req.path}`);
    });
  }
}
