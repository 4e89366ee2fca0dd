// Live transcode progress: a bar with the percentage while a video is in flight (also while a
// playable video's ladder is still being completed), nothing once it has settled.
import { Box, LinearProgress, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Video } from '../../dataProvider/apiTypes';
import { isInFlight } from '../videoState';

export function TranscodeProgress({ video }: { video: Pick<Video, 'status' | 'progress' | 'title' | 'id'> }) {
  if (!isInFlight(video)) return null;
  const value = Math.round(video.progress);
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 120 }}>
      <LinearProgress
        variant={video.status === 'uploaded' ? 'indeterminate' : 'determinate'}
        value={value}
        sx={{ flexGrow: 1, height: 6, borderRadius: 3 }}
        aria-label={`Transcoding ${video.title || video.id}`}
        data-testid="video-progress"
      />
      <Typography variant="caption" sx={{ minWidth: 34, textAlign: 'right' }}>
        {video.status === 'uploaded' ? 'queued' : `${value}%`}
      </Typography>
    </Box>
  );
}

export function ProgressField() {
  const video = useRecordContext<Video>();
  return video ? <TranscodeProgress video={video} /> : null;
}
