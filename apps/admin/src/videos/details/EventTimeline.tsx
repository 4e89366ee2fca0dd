// The video's event history from the event store, oldest first: each event's type, time,
// actor and payload. Re-read every 2 s while the video is still in flight.
import { Alert, Box, Chip, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../../common/format';
import { errorMessage, useReelguardDataProvider } from '../../common/useReelguard';
import type { VideoEvent } from '../../dataProvider/apiTypes';
import { POLL_WHILE_PROCESSING_MS } from '../videoState';

type ChipColour = 'default' | 'primary' | 'success' | 'error' | 'warning' | 'info';

function colourOf(type: string): ChipColour {
  if (/Failed|Deleted/.test(type)) return 'error';
  if (/Ready|Published/.test(type)) return 'success';
  if (/Unpublished/.test(type)) return 'warning';
  if (/Transcode|Rendition/.test(type)) return 'info';
  return 'default';
}

function EventData({ data }: { data: unknown }) {
  if (data === null || data === undefined) return null;
  if (typeof data === 'object' && Object.keys(data).length === 0) return null;
  return (
    <Box
      component="pre"
      sx={{
        m: 0,
        mt: 0.5,
        p: 1,
        bgcolor: 'action.hover',
        borderRadius: 1,
        fontSize: 12,
        overflowX: 'auto',
        maxHeight: 160,
      }}
    >
      {JSON.stringify(data, null, 2)}
    </Box>
  );
}

function EventItem({ event }: { event: VideoEvent }) {
  return (
    <Box
      component="li"
      data-testid="video-event"
      data-event-type={event.type}
      sx={{ position: 'relative', pl: 3, pb: 2, listStyle: 'none', borderLeft: 2, borderColor: 'divider', ml: 1 }}
    >
      <Box
        aria-hidden
        sx={{
          position: 'absolute',
          left: -7,
          top: 4,
          width: 12,
          height: 12,
          borderRadius: '50%',
          bgcolor: 'primary.main',
        }}
      />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
        <Chip size="small" label={event.type} color={colourOf(event.type)} />
        <Typography variant="body2" component="time" dateTime={event.occurredAt}>
          {formatDateTime(event.occurredAt)}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          v{event.version} · by {event.actor ?? 'system'}
        </Typography>
      </Box>
      <EventData data={event.data} />
    </Box>
  );
}

export function EventTimeline({ videoId, live }: { videoId: string; live: boolean }) {
  const dataProvider = useReelguardDataProvider();
  const { data, isPending, error } = useQuery({
    queryKey: ['videos', 'events', videoId],
    queryFn: () => dataProvider.videoEvents(videoId).then((result) => result.data),
    refetchInterval: live ? POLL_WHILE_PROCESSING_MS : false,
  });

  if (isPending) return <Skeleton variant="rectangular" height={120} aria-label="Loading events" />;
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (!data || data.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No events recorded.
      </Typography>
    );
  }
  return (
    <Box component="ol" sx={{ m: 0, p: 0 }} aria-label="Event history" data-testid="event-timeline">
      {data.map((event) => (
        <EventItem key={`${event.version}-${event.type}`} event={event} />
      ))}
    </Box>
  );
}
