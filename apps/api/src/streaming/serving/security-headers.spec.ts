import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SecurityHeaders, writeHeadForSending } from './security-headers.js';

const ENTRIES = [
  ['Content-Security-Policy', "default-src 'self';frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
] as const;

/** A response of Node's own class to a GET over HTTP/1.1, never connected. */
function response(): ServerResponse {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  return new ServerResponse(req);
}

/** The header lines of a serialised head, in order. */
const lines = (head: string) => head.split('\r\n').slice(1).filter(Boolean);

describe('SecurityHeaders', () => {
  it('refuses at start what could not go into a head: a line break in a value, a bad name, a name twice', () => {
    expect(() => new SecurityHeaders([['X-Frame-Options', 'DENY\r\nSet-Cookie: a=b']])).toThrow();
    expect(() => new SecurityHeaders([['X Frame', 'DENY']])).toThrow();
    expect(() => new SecurityHeaders([...ENTRIES, ['x-frame-options', 'SAMEORIGIN']])).toThrow(/twice/);
  });

  it('adds deferred headers when the head is written implicitly or explicitly, each once', () => {
    const headers = new SecurityHeaders(ENTRIES);
    const implicit = response();
    headers.defer(implicit);
    implicit.setHeader('Content-Type', 'application/json');
    implicit.end('{}');
    expect(implicit.getHeaders()).toMatchObject({
      'content-security-policy': ENTRIES[0][1],
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-type': 'application/json',
    });

    const explicit = response();
    headers.defer(explicit);
    explicit.writeHead(404, { 'Content-Type': 'text/plain' });
    expect(Object.keys(explicit.getHeaders()).sort()).toEqual([
      'content-security-policy',
      'content-type',
      'x-content-type-options',
      'x-frame-options',
    ]);
  });

  it('leaves a header the route set as the route set it', () => {
    const headers = new SecurityHeaders(ENTRIES);
    const res = response();
    headers.defer(res);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.end();
    expect(res.getHeader('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.getHeader('x-content-type-options')).toBe('nosniff');
  });
});

describe('writeHeadForSending', () => {
  it("gives Node's head with the deferred headers in it once, and Node would send that same head", () => {
    const headers = new SecurityHeaders(ENTRIES);
    const res = response();
    headers.defer(res);
    res.statusCode = 206;
    res.setHeader('Content-Type', 'video/mp4');
    res.setHeader('Content-Length', '10');
    const head = writeHeadForSending(res)!;
    expect(head.startsWith('HTTP/1.1 206 Partial Content\r\n')).toBe(true);
    expect(head.endsWith('\r\n\r\n')).toBe(true);
    const sent = lines(head);
    for (const [name, value] of ENTRIES) expect(sent.filter((l) => l === `${name}: ${value}`)).toHaveLength(1);
    expect(sent).toContain('Content-Type: video/mp4');
    expect(sent).toContain('Content-Length: 10');
    expect(res.headersSent).toBe(true);
    // Written once: the deferral is spent, and Node refuses a second head as usual.
    expect(() => res.writeHead(200)).toThrow();
    expect(lines((res as unknown as { _header: string })._header)).toEqual(sent);
  });

  it('writes the usual way, route values kept, when the route set one of the headers', () => {
    const headers = new SecurityHeaders(ENTRIES);
    const res = response();
    headers.defer(res);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    const sent = lines(writeHeadForSending(res)!);
    expect(sent.filter((l) => l.toLowerCase().startsWith('x-frame-options:'))).toEqual(['X-Frame-Options: SAMEORIGIN']);
    expect(sent).toContain('X-Content-Type-Options: nosniff');
  });

  it('gives a response without deferred headers its head unchanged', () => {
    const res = response();
    res.setHeader('Content-Type', 'video/mp4');
    const sent = lines(writeHeadForSending(res)!);
    expect(sent).toContain('Content-Type: video/mp4');
    expect(sent.some((l) => l.startsWith('X-Frame-Options'))).toBe(false);
  });
});
