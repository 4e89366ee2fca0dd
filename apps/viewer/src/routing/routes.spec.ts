// Hash routes: parsing and building must agree, and odd input must not throw.
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from './routes';

describe('hash routes', () => {
  it('parses the catalogue, sign-in and watch routes', () => {
    expect(parseRoute('')).toEqual({ name: 'catalogue' });
    expect(parseRoute('#/')).toEqual({ name: 'catalogue' });
    expect(parseRoute('#/sign-in')).toEqual({ name: 'sign-in' });
    expect(parseRoute('#/watch/Ab-_9?x=1')).toEqual({ name: 'watch', videoId: 'Ab-_9' });
  });

  it('round-trips a video id that needs escaping', () => {
    const href = hrefFor({ name: 'watch', videoId: 'a b/c' });
    expect(href).toBe('#/watch/a%20b%2Fc');
    expect(parseRoute(href)).toEqual({ name: 'watch', videoId: 'a b/c' });
  });

  it('treats unknown or malformed paths as not found', () => {
    expect(parseRoute('#/videos/abc')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/watch/%E0%A4%A')).toEqual({ name: 'not-found' });
    expect(parseRoute('#/watch/a/b')).toEqual({ name: 'not-found' });
  });
});
