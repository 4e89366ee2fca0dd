// One HTTP byte range (RFC 9110 §14.1.2) of a body of known size. Several ranges in one header
// are answered with the whole body, which the RFC allows; nobody streaming HLS asks for them.
export interface ByteRange {
  readonly start: number;
  /** inclusive */
  readonly end: number;
}

/**
 * @returns the range to send; null to send the whole body (no header, or one we ignore);
 *   'unsatisfiable' for a well-formed range that lies outside the body (answer 416).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return null;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
