// A strip of storyboard thumbnails (sprite tiles named by a WebVTT file), when the API offers
// one for the video.
import { Box, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { formatDuration } from '../../common/format';
import { useApiObjectUrl } from '../../common/useApiObjectUrl';
import { useReelguardDataProvider } from '../../common/useReelguard';
import { parseStoryboard, sampleTiles, type StoryboardTile } from '../storyboard';

const TILES_SHOWN = 8;
const TILE_WIDTH = 120;

function SpriteTiles({ image, tiles }: { image: string; tiles: StoryboardTile[] }) {
  const { url } = useApiObjectUrl(image);
  if (!url) return null;
  return (
    <>
      {tiles.map((tile) => {
        const scale = TILE_WIDTH / tile.width;
        return (
          <Box key={`${tile.start}-${tile.x}-${tile.y}`} component="figure" sx={{ m: 0 }} data-testid="storyboard-tile">
            <Box
              role="img"
              aria-label={`Frame at ${formatDuration(tile.start)}`}
              sx={{ width: TILE_WIDTH, height: Math.round(tile.height * scale), overflow: 'hidden', borderRadius: 0.5 }}
            >
              <Box
                sx={{
                  width: tile.width,
                  height: tile.height,
                  backgroundImage: `url("${url}")`,
                  backgroundPosition: `-${tile.x}px -${tile.y}px`,
                  transform: `scale(${scale})`,
                  transformOrigin: 'top left',
                }}
              />
            </Box>
            <Typography component="figcaption" variant="caption" color="text.secondary">
              {formatDuration(tile.start)}
            </Typography>
          </Box>
        );
      })}
    </>
  );
}

export function StoryboardStrip({ storyboardUrl }: { storyboardUrl: string }) {
  const dataProvider = useReelguardDataProvider();
  const { data: tiles } = useQuery({
    queryKey: ['videos', 'storyboard', storyboardUrl],
    queryFn: async () => {
      const { data } = await dataProvider.fetchBlob(storyboardUrl);
      return sampleTiles(parseStoryboard(await data.text(), storyboardUrl), TILES_SHOWN);
    },
    staleTime: Infinity,
  });
  if (!tiles || tiles.length === 0) return null;
  const bySprite = new Map<string, StoryboardTile[]>();
  for (const tile of tiles) bySprite.set(tile.image, [...(bySprite.get(tile.image) ?? []), tile]);
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }} data-testid="storyboard">
      {[...bySprite.entries()].map(([image, group]) => (
        <SpriteTiles key={image} image={image} tiles={group} />
      ))}
    </Box>
  );
}
