// The app-wide security headers (helmet's) for responses answered by the streaming lane. Set one
// by one with `setHeader` on every segment, twelve headers cost about a tenth of the API's CPU per
// request: each name is lower-cased and interned, each value (the policy is several hundred
// characters) checked again, then serialised again (ADR 0059). Here they are checked and
// serialised once, at start. The lane defers them: the response's own `writeHead`, which Node
// also calls for an implicit head, adds them (each unless the route set that header itself), and
// a caller that sends the head itself (the zero-copy path) gets them added to Node's serialised
// head as one block. Either way a response cannot leave without them.
import { ServerResponse, validateHeaderName, validateHeaderValue } from 'node:http';
import { writeNodeHead } from '@reelguard/zerocopy';

type HeaderValue = string | number | readonly string[];

/** Node's fields for the serialised head of a response and whether it went out. */
interface NodeResponseInternals {
  _header: string | null;
  _headerSent: boolean;
}

const DEFERRED = Symbol('reelguard.deferredSecurityHeaders');

type Deferring = ServerResponse & { [DEFERRED]?: SecurityHeaders | null; writeHead: ServerResponse['writeHead'] };

const nodeWriteHead = ServerResponse.prototype.writeHead;

/** The `writeHead` of a response whose security headers are deferred. */
function writeHeadWithSecurityHeaders(this: Deferring, ...args: Parameters<ServerResponse['writeHead']>) {
  this[DEFERRED]?.settle(this);
  return nodeWriteHead.apply(this, args);
}

export class SecurityHeaders {
  readonly entries: ReadonlyArray<readonly [string, HeaderValue]>;
  /** The names in lower case, as Node keys a response's headers. */
  private readonly names: ReadonlySet<string>;
  /** `Name: value\r\n` for each, in order. */
  private readonly block: string;

  /** @throws when a name or value could not go into an HTTP head (Node's own checks) */
  constructor(entries: ReadonlyArray<readonly [string, HeaderValue]>) {
    const lines: string[] = [];
    const names = new Set<string>();
    for (const [name, value] of entries) {
      validateHeaderName(name);
      const lower = name.toLowerCase();
      if (names.has(lower)) throw new RangeError(`The security header ${name} is given twice.`);
      names.add(lower);
      for (const one of typeof value === 'object' ? value : [value]) {
        validateHeaderValue(name, String(one));
        lines.push(`${name}: ${String(one)}\r\n`);
      }
    }
    this.entries = entries;
    this.names = names;
    this.block = lines.join('');
  }

  /** Sets each header the usual way, unless the response already has it. */
  apply(res: ServerResponse): void {
    for (const [name, value] of this.entries) if (!res.hasHeader(name)) res.setHeader(name, value);
  }

  /** The headers are added when the response's head is written, whichever way that happens. */
  defer(res: ServerResponse): void {
    const deferring = res as Deferring;
    deferring[DEFERRED] = this;
    deferring.writeHead = writeHeadWithSecurityHeaders as ServerResponse['writeHead'];
  }

  /** @internal Applies the deferred headers now, once. */
  settle(res: Deferring): void {
    res[DEFERRED] = null;
    this.apply(res);
  }

  /** @internal True when the route set none of these headers, so the block can go in whole. */
  absentFrom(res: ServerResponse): boolean {
    for (const name of res.getHeaderNames()) if (this.names.has(name)) return false;
    return true;
  }

  /** @internal Node's serialised head with the block added before the blank line that ends it. */
  addTo(head: string): string {
    return `${head.slice(0, -2)}${this.block}\r\n`;
  }
}

/**
 * Writes the response's head (status and headers as they are now, deferred security headers
 * included) without sending it, and returns it serialised, for a caller that sends the head
 * itself ahead of the body; Node sends the same text if that caller sends nothing. Null when the
 * head already went out or Node's fields are not as expected: the caller then leaves the sending
 * to Node.
 * @throws when deferred headers could not be added to the head (a Node whose head differs); the
 *   response is then as if its head had not been written
 */
export function writeHeadForSending(res: ServerResponse): string | null {
  const deferring = res as Deferring;
  const deferred = deferring[DEFERRED];
  if (!deferred || !deferred.absentFrom(res)) return writeNodeHead(res);
  // The block below stands for setting them one by one, so the head is written without them.
  deferring[DEFERRED] = null;
  const head = writeNodeHead(res);
  if (head === null || !head.endsWith('\r\n\r\n')) {
    // Unwritten again, the deferred headers still due: the error answer gets them.
    const node = res as unknown as NodeResponseInternals;
    if (node._headerSent === false) node._header = null;
    deferring[DEFERRED] = deferred;
    throw new Error("Node's serialised response head is not where or what it is expected to be");
  }
  return ((res as unknown as NodeResponseInternals)._header = deferred.addTo(head));
}
