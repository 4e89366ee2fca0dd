/** Splits a playlist into its URI lines and URI attributes, for following a player's path. */
export function playlistUris(text: string): string[] {
  const uris: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (!line.startsWith('#')) uris.push(line);
    else for (const match of line.matchAll(/URI="([^"]+)"/g)) uris.push(match[1]!);
  }
  return uris;
}
