// Ends a Node HTTP response with a sealed body sent by sendfile(2): the response head and as much
// of the body as the socket takes at once go in one call, the rest, if any, through Node as
// usual. Used by the API's segment server and by the benchmark's bare server, so both send alike.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { plainSocketFd, type SealedBody, type ZeroCopy } from './zero-copy.js';

/** Node's fields for the serialised head of a response and whether it went out. */
interface NodeResponseInternals {
  _header: string | null;
  _headerSent: boolean;
}

/**
 * Writes the response's head the usual way (`res.writeHead`, which validates it) without sending
 * it, and returns Node's serialisation of it: the text Node itself would send ahead of the body.
 * Null when the head already went out or Node's fields are not as expected.
 */
export function writeNodeHead(res: ServerResponse): string | null {
  res.writeHead(res.statusCode);
  const node = res as unknown as NodeResponseInternals;
  return typeof node._header === 'string' && node._headerSent === false ? node._header : null;
}

/**
 * @param writeHead writes the response's head without sending it and returns it serialised, or
 *   null when it cannot; Node's own by default
 * @returns false when the response must go the usual way (its head may then be written already):
 *   not a plain TCP socket, another response still ahead of this one on the connection, Node
 *   still holding bytes for it, no head, or a socket that takes nothing now
 * @throws ZeroCopySendError when the socket fails
 */
export function endWithSealedBody(
  zeroCopy: ZeroCopy,
  res: ServerResponse,
  body: SealedBody,
  offset: number,
  length: number,
  writeHead: (res: ServerResponse) => string | null = writeNodeHead,
): boolean {
  const socket = res.socket as (Socket & { _httpMessage?: unknown }) | null;
  const fd = plainSocketFd(socket);
  if (fd === null || socket!._httpMessage !== res || socket!.writableLength !== 0) return false;
  const text = writeHead(res);
  if (text === null) return false;
  const head = Buffer.from(text, 'latin1');
  const sent = zeroCopy.sendNow(fd, head, body, offset, length);
  if (sent === 0) return false; // the socket is full: Node sends head and body when it drains
  (res as unknown as NodeResponseInternals)._headerSent = true;
  if (sent < head.length) {
    socket!.write(head.subarray(sent));
    res.end(body.bytes.subarray(offset, offset + length));
    return true;
  }
  // With Content-Length set, Node neither counts nor frames the body: ending with what is left
  // (or nothing) completes the response.
  const bodySent = sent - head.length;
  res.end(bodySent === length ? undefined : body.bytes.subarray(offset + bodySent, offset + length));
  return true;
}
