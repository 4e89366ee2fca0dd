// The video's event history from the event store, oldest first: each event's type, time,
// actor and payload. Re-read every 2 s while the video is still in flight.
import { Alert, Box, Chip, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useGetMany } from 'react-admin';
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
        whiteSpace: 'pre-wrap',
        overflowWrap: 'anywhere',
        overflowY: 'auto',
        maxHeight: 160,
      }}
    >
      {JSON.stringify(data, null, 2)}
    </Box>
  );
}

/** Actors are user ids (or `system`); admins read them better as e-mail addresses. */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function useActorNames(events: readonly VideoEvent[] | undefined): Map<string, string> {
  const ids = [...new Set((events ?? []).map((event) => event.actor).filter((actor) => actor && USER_ID.test(actor)))];
  const { data } = useGetMany<{ id: string; email?: string }>(
    'users',
    { ids: ids as string[] },
    { enabled: ids.length > 0, retry: false },
  );
  return new Map((data ?? []).flatMap((user) => (user?.email ? [[String(user.id), user.email] as const] : [])));
}

function EventItem({ event, actorName }: { event: VideoEvent; actorName?: string }) {
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
          v{event.version} · by{' '}
          <span title={actorName ? (event.actor ?? undefined) : undefined}>{actorName ?? event.actor ?? 'system'}</span>
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
  const actorNames = useActorNames(data);

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
        <EventItem
          key={`${event.version}-${event.type}`}
          event={event}
          actorName={event.actor ? actorNames.get(event.actor) : undefined}
        />
      ))}
    </Box>
  );
}
