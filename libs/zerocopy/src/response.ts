// Ends a Node HTTP response with a sealed body sent by sendfile(2): the response head and as much
// of the body as the socket takes at once go in one call, the rest, if any, through Node as
// usual. Used by the API's segment server and by the benchmark's bare server, so both send alike.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { plainSocketFd, type SealedBody, type ZeroCopy } from './zero-copy.js';

/** Node's field that says the serialised head of a response went out. */
interface NodeResponseInternals {
  _headerSent: boolean;
}

/**
 * @param writeHead writes the response's head without sending it (Node's `writeHead` does) and
 *   returns it serialised, or null when it cannot
 * @returns false when the response must go the usual way (its head may then be written already):
 *   not a plain TCP socket, another response still ahead of this one on the connection, Node
 *   still holding bytes for it, no head, or a socket that takes nothing now
 * @throws ZeroCopySendError when the socket fails
 */
export function endWithSealedBody(
  zeroCopy: ZeroCopy,
  res: ServerResponse,
  writeHead: (res: ServerResponse) => string | null,
  body: SealedBody,
  offset: number,
  length: number,
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
