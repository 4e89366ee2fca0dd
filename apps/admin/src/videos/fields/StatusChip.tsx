// A video's status as a coloured chip (grey uploaded, blue processing, green ready, red failed).
import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { Video, VideoStatus } from '../../dataProvider/apiTypes';
import { STATUS_COLOURS } from '../videoState';

export function StatusChip({ status }: { status: VideoStatus }) {
  return (
    <Chip
      size="small"
      label={status}
      color={STATUS_COLOURS[status]}
      variant={status === 'uploaded' ? 'outlined' : 'filled'}
      data-testid="video-status"
      data-status={status}
    />
  );
}

export function StatusField() {
  const video = useRecordContext<Video>();
  return video ? <StatusChip status={video.status} /> : null;
}
