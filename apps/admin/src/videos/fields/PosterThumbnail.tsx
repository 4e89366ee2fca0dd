// A video's poster, fetched with the token when the API serves it behind authentication.
import MovieIcon from '@mui/icons-material/Movie';
import { Box } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { useApiObjectUrl } from '../../common/useApiObjectUrl';
import type { Video } from '../../dataProvider/apiTypes';

export interface PosterProps {
  video: Pick<Video, 'posterUrl' | 'title'>;
  width?: number;
}

export function Poster({ video, width = 96 }: PosterProps) {
  const { url } = useApiObjectUrl(video.posterUrl);
  const height = Math.round((width * 9) / 16);
  return (
    <Box
      sx={{
        width,
        height,
        borderRadius: 1,
        overflow: 'hidden',
        bgcolor: 'action.hover',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        flexShrink: 0,
      }}
    >
      {url ? (
        <img src={url} alt={`Poster of ${video.title}`} width={width} height={height} style={{ objectFit: 'cover' }} />
      ) : (
        <MovieIcon color="disabled" aria-hidden />
      )}
    </Box>
  );
}

export function PosterField() {
  const video = useRecordContext<Video>();
  return video ? <Poster video={video} /> : null;
}
