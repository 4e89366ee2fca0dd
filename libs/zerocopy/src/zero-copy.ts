// Zero-copy sending of immutable bodies, for the segment cache. On Linux, a body is copied once
// into a sealed in-memory file (memfd); sendfile(2) then hands its pages to a socket without
// the copy through user space that every `socket.write` makes, the largest single cost of
// serving a segment from Node (ADR 0056). The native part is three small synchronous calls
// (native/zerocopy.c); where it is not built or not supported, `loadZeroCopy` says why and the
// caller writes bodies as usual.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

/** A body copied into a sealed in-memory file, and a read-only view of the same pages. */
export interface SealedBody {
  /** the memfd; valid until `release` */
  readonly fd: number;
  /** the bytes, mapped read-only from the memfd; valid as long as it is referenced */
  readonly bytes: Buffer;
}

interface NativeZeroCopy {
  seal(bytes: Uint8Array): { fd: number; view: Buffer };
  send(socketFd: number, head: Uint8Array | null, fd: number, offset: number, length: number): number;
  close(fd: number): void;
}

/** The socket failed while a body was being handed to it (the client went away, mostly). */
export class ZeroCopySendError extends Error {
  constructor(readonly errno: number) {
    super(`sendfile failed (errno ${errno})`);
    this.name = 'ZeroCopySendError';
  }
}

export class ZeroCopy {
  private constructor(private readonly native: NativeZeroCopy) {}

  /** @internal */
  static of(native: NativeZeroCopy): ZeroCopy {
    return new ZeroCopy(native);
  }

  /** Copies `bytes` into a new sealed memfd. The caller must `release` it. */
  seal(bytes: Uint8Array): SealedBody {
    const { fd, view } = this.native.seal(bytes);
    return { fd, bytes: view };
  }

  /**
   * Hands `head` (when given: HTTP headers, say, sent in the same packets as the body) and then
   * `length` bytes of `body` from `offset` to the socket, as many as it takes without waiting;
   * the caller writes the rest the usual way.
   * @returns the number of bytes sent, from 0 to `head.length + length`, head first
   * @throws ZeroCopySendError when the socket failed
   */
  sendNow(socketFd: number, head: Uint8Array | null, body: SealedBody, offset: number, length: number): number {
    if (offset < 0 || length < 0 || offset + length > body.bytes.length) {
      throw new RangeError(`bytes ${offset}+${length} lie outside the ${body.bytes.length}-byte body`);
    }
    const sent = this.native.send(socketFd, head, body.fd, offset, length);
    if (sent < 0) throw new ZeroCopySendError(-sent);
    return sent;
  }

  /** Closes the memfd. Views of it stay readable until they are garbage collected. */
  release(body: SealedBody): void {
    this.native.close(body.fd);
  }
}

export type ZeroCopyLoad = { readonly zeroCopy: ZeroCopy } | { readonly zeroCopy: null; readonly reason: string };

/** Where `npm run build:native -w @reelguard/zerocopy` puts the module (from src/ and dist/ alike). */
const MODULE_PATH = new URL('../native/build/Release/reelguard_zerocopy.node', import.meta.url);

let loaded: ZeroCopyLoad | undefined;

/** The native module, once per process; `zeroCopy: null` with the reason when it cannot be used. */
export function loadZeroCopy(): ZeroCopyLoad {
  if (loaded) return loaded;
  if (process.platform !== 'linux') {
    loaded = { zeroCopy: null, reason: `zero-copy sending needs Linux (this is ${process.platform})` };
    return loaded;
  }
  try {
    const native = createRequire(import.meta.url)(fileURLToPath(MODULE_PATH)) as NativeZeroCopy;
    loaded = { zeroCopy: ZeroCopy.of(native) };
  } catch (error) {
    loaded = {
      zeroCopy: null,
      reason: `the native module is not built (npm run build:native -w @reelguard/zerocopy): ${(error as Error).message.split('\n')[0]}`,
    };
  }
  return loaded;
}

/**
 * The descriptor of a plain TCP socket, whose bytes may go to it directly; null for anything
 * else (TLS, where bytes must pass through the cipher; a socket that is closed or not yet open).
 */
export function plainSocketFd(socket: unknown): number | null {
  if (!(socket instanceof Socket) || socket instanceof TLSSocket || socket.destroyed) return null;
  const handle = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle;
  const fd = handle?.fd;
  return typeof fd === 'number' && Number.isInteger(fd) && fd >= 0 ? fd : null;
}
