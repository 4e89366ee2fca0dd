// The body of a video's page: overview, preview player, renditions, storyboard and the event
// history. Panels that depend on transcoding appear as soon as there is something to show.
import { Alert, Box, Card, CardContent, Grid, Typography } from '@mui/material';
import { lazy, Suspense, type ReactNode } from 'react';
import { useRecordContext } from 'react-admin';
import { formatDateTime, formatDuration } from '../../common/format';
import type { Video } from '../../dataProvider/apiTypes';
import { TranscodeProgress } from '../fields/ProgressField';
import { Poster } from '../fields/PosterThumbnail';
import { StatusChip } from '../fields/StatusChip';
import { isInFlight, isPlayable } from '../videoState';
import { EventTimeline } from './EventTimeline';
import { RenditionsTable } from './RenditionsTable';
import { StoryboardStrip } from './StoryboardStrip';

const PreviewPlayer = lazy(() => import('./PreviewPlayer'));

function Panel({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card variant="outlined" component="section" aria-label={title} data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" component="h2" gutterBottom>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

function Overview({ video }: { video: Video }) {
  return (
    <Panel title="Overview" testId="video-overview">
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Poster video={video} width={192} />
        <Box
          sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', gap: 1.5, flexGrow: 1 }}
        >
          <Fact label="Status">
            <StatusChip status={video.status} />
          </Fact>
          <Fact label="Published">{video.published ? 'Yes' : 'No'}</Fact>
          <Fact label="Duration">{formatDuration(video.durationSec)}</Fact>
          <Fact label="Created">{formatDateTime(video.createdAt)}</Fact>
          <Fact label="Updated">{formatDateTime(video.updatedAt)}</Fact>
          <Fact label="Id">
            <Box component="code" sx={{ fontSize: 12, wordBreak: 'break-all' }} data-testid="video-id">
              {video.id}
            </Box>
          </Fact>
        </Box>
      </Box>
      {video.description ? (
        <Typography variant="body2" sx={{ mt: 2, whiteSpace: 'pre-wrap' }} data-testid="video-description">
          {video.description}
        </Typography>
      ) : null}
      <Box sx={{ mt: 2 }}>
        <TranscodeProgress video={video} />
      </Box>
      {video.status === 'failed' ? (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="video-error">
          {video.error || 'Transcoding failed.'}
        </Alert>
      ) : null}
    </Panel>
  );
}

export function VideoDetails() {
  const video = useRecordContext<Video>();
  if (!video) return null;
  return (
    <Grid container spacing={2} sx={{ p: 2 }}>
      <Grid size={{ xs: 12, lg: 7 }}>
        <Box sx={{ display: 'grid', gap: 2 }}>
          <Overview video={video} />
          <Panel title="Preview" testId="video-preview">
            {isPlayable(video) ? (
              <Suspense fallback={<Typography variant="body2">Loading the player…</Typography>}>
                <PreviewPlayer videoId={String(video.id)} title={video.title} />
              </Suspense>
            ) : (
              <Typography variant="body2" color="text.secondary">
                The preview becomes available once a first rendition is ready.
              </Typography>
            )}
          </Panel>
          <Panel title="Renditions">
            <RenditionsTable renditions={video.renditions} />
          </Panel>
          {video.storyboardUrl ? (
            <Panel title="Storyboard">
              <StoryboardStrip storyboardUrl={video.storyboardUrl} />
            </Panel>
          ) : null}
        </Box>
      </Grid>
      <Grid size={{ xs: 12, lg: 5 }}>
        <Panel title="Event history" testId="video-events">
          <EventTimeline videoId={String(video.id)} live={isInFlight(video)} />
        </Panel>
      </Grid>
    </Grid>
  );
}
