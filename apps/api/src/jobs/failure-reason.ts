// What an admin may read of a failed job's error: Bull keeps the thrown message (and, apart,
// the stack). Only the message's first line is shown, without file paths, credentials in URLs
// or key=value secrets, and cut to a readable length.
const MAX_CHARS = 300;

const PATH = /(?:[A-Za-z]:)?(?:\/[\w.@~+-]+){2,}\/?/g;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi;
const SECRET_PAIR = /\b((?:password|passwd|pwd|secret|token|key|authorization|credential)\w*)\s*[=:]\s*[^\s,;)]+/gi;
const BEARER = /\bBearer\s+[^\s,;)]+/gi;

export function publicFailureReason(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const firstLine = raw.split(/\r?\n/).find((line) => line.trim() !== '' && !/^\s*at\s/.test(line)) ?? '';
  const text = firstLine
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(BEARER, 'Bearer ***')
    .replace(SECRET_PAIR, '$1=***')
    .replace(PATH, '<path>')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return null;
  const chars = [...text];
  return chars.length <= MAX_CHARS ? text : `${chars.slice(0, MAX_CHARS - 1).join('')}…`;
}
