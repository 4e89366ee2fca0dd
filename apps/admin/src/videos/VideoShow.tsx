// A video's page: commands in the toolbar, details below. Re-read every 2 s while the video
// is in flight, so status, progress, renditions and events move on their own.
import PolicyIcon from '@mui/icons-material/Policy';
import { Button, EditButton, Link, Show, TopToolbar, useRecordContext } from 'react-admin';
import type { Video } from '../dataProvider/apiTypes';
import { VideoDetails } from './details/VideoDetails';
import { DeleteVideoButton, PublishToggleButton } from './VideoCommands';
import { POLL_WHILE_PROCESSING_MS, isInFlight } from './videoState';

/** Opens the audit log filtered to this video. */
function AuditTrailButton() {
  const video = useRecordContext<Video>();
  if (!video) return null;
  return (
    <Button
      component={Link}
      to={{ pathname: '/audit-logs', search: `?videoId=${encodeURIComponent(String(video.id))}` }}
      label="Audit trail"
      data-testid="video-audit-trail"
    >
      <PolicyIcon />
    </Button>
  );
}

function VideoShowActions() {
  return (
    <TopToolbar>
      <AuditTrailButton />
      <EditButton data-testid="video-edit" />
      <PublishToggleButton />
      <DeleteVideoButton />
    </TopToolbar>
  );
}

export default function VideoShow() {
  return (
    <Show
      actions={<VideoShowActions />}
      queryOptions={{
        refetchInterval: (query) => {
          const video = query.state.data as Video | undefined;
          return video && isInFlight(video) ? POLL_WHILE_PROCESSING_MS : false;
        },
      }}
    >
      <VideoDetails />
    </Show>
  );
}
