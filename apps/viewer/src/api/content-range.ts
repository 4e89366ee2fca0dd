// Reads the total out of a `Content-Range: videos 0-47/123` header (react-admin's convention).

export function totalFromContentRange(header: string | null, fallback: number): number {
  if (!header) return fallback;
  const match = /\/\s*(\d+)\s*$/.exec(header);
  if (!match?.[1]) return fallback;
  const total = Number.parseInt(match[1], 10);
  return Number.isSafeInteger(total) ? total : fallback;
}
