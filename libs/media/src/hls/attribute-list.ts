// HLS attribute lists (RFC 8216 §4.2): `NAME=value,NAME="quoted value",…`. Kept as ordered
// entries with their raw values, so a rewrite touches one attribute and leaves the rest as is.
export class PlaylistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaylistError';
  }
}

export interface Attribute {
  readonly name: string;
  /** as written, quotes included */
  readonly raw: string;
}

export function parseAttributeList(text: string): Attribute[] {
  const attributes: Attribute[] = [];
  let at = 0;
  while (at < text.length) {
    const eq = text.indexOf('=', at);
    if (eq < 0) throw new PlaylistError(`attribute without a value in "${text}"`);
    const name = text.slice(at, eq);
    if (!/^[A-Z0-9-]+$/.test(name)) throw new PlaylistError(`bad attribute name "${name}"`);
    let end: number;
    if (text[eq + 1] === '"') {
      const close = text.indexOf('"', eq + 2);
      if (close < 0) throw new PlaylistError(`unterminated quoted string in "${text}"`);
      end = close + 1;
    } else {
      const comma = text.indexOf(',', eq + 1);
      end = comma < 0 ? text.length : comma;
    }
    attributes.push({ name, raw: text.slice(eq + 1, end) });
    if (end < text.length && text[end] !== ',') throw new PlaylistError(`expected "," after ${name}`);
    at = end + 1;
  }
  return attributes;
}

export function formatAttributeList(attributes: readonly Attribute[]): string {
  return attributes.map((a) => `${a.name}=${a.raw}`).join(',');
}

/** The value without its quotes, or undefined when the attribute is absent. */
export function attributeValue(attributes: readonly Attribute[], name: string): string | undefined {
  const found = attributes.find((a) => a.name === name);
  if (!found) return undefined;
  return found.raw.startsWith('"') ? found.raw.slice(1, -1) : found.raw;
}

/** A quoted-string may hold anything but a double quote and line breaks. */
export function quoted(value: string): string {
  if (/["\r\n]/.test(value)) throw new PlaylistError('a quoted attribute value cannot hold quotes or line breaks');
  return `"${value}"`;
}
