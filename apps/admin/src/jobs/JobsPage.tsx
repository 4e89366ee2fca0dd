// The transcode queue: counts per state and the failed jobs with their reason and a retry
// button. Re-read every 5 s.
import ReplayIcon from '@mui/icons-material/Replay';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Loading, Title, useCreatePath, useNotify, useRequireAccess } from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { formatDateTime } from '../common/format';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';
import type { FailedJob } from '../dataProvider/apiTypes';
import { JobCountCards, JOBS_REFRESH_MS } from './JobCountCards';

function FailedJobRow({ job }: { job: FailedJob }) {
  const dataProvider = useReelguardDataProvider();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const createPath = useCreatePath();
  const { mutate, isPending } = useMutation({
    mutationFn: () => dataProvider.retryJob(job.id),
    onSuccess: () => {
      notify('Job queued again.', { type: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
    },
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  return (
    <TableRow data-testid="failed-job" data-job-id={job.id}>
      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{job.id}</TableCell>
      <TableCell>
        {job.videoId ? (
          <Link to={createPath({ resource: 'videos', type: 'show', id: job.videoId })}>{job.videoId}</Link>
        ) : (
          '—'
        )}
      </TableCell>
      <TableCell sx={{ maxWidth: 420, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {job.failedReason ?? '—'}
      </TableCell>
      <TableCell align="right">{job.attemptsMade}</TableCell>
      <TableCell>{formatDateTime(job.finishedOn)}</TableCell>
      <TableCell>
        <Button
          size="small"
          startIcon={<ReplayIcon />}
          onClick={() => mutate()}
          disabled={isPending}
          aria-label={`Retry job ${job.id}`}
          data-testid="job-retry"
        >
          Retry
        </Button>
      </TableCell>
    </TableRow>
  );
}

function FailedJobs() {
  const dataProvider = useReelguardDataProvider();
  const { data, isPending, error } = useQuery({
    queryKey: ['jobs', 'failed'],
    queryFn: () => dataProvider.failedJobs().then((result) => result.data),
    refetchInterval: JOBS_REFRESH_MS,
  });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (data.length === 0) return <EmptyState title="No failed jobs" testId="failed-jobs-empty" />;
  return (
    <Table size="small" aria-label="Failed transcode jobs" data-testid="failed-jobs-table">
      <TableHead>
        <TableRow>
          <TableCell>Job</TableCell>
          <TableCell>Video</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell align="right">Attempts</TableCell>
          <TableCell>Failed at</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((job) => (
          <FailedJobRow key={job.id} job={job} />
        ))}
      </TableBody>
    </Table>
  );
}

export default function JobsPage() {
  const { isPending } = useRequireAccess({ resource: 'jobs', action: 'list' });
  if (isPending) return <Loading />;
  return (
    <Box sx={{ display: 'grid', gap: 2, mt: 1 }}>
      <Title title="Transcode jobs" />
      <JobCountCards />
      <Card>
        <CardContent>
          <Typography variant="subtitle1" component="h2" gutterBottom>
            Failed jobs
          </Typography>
          <FailedJobs />
        </CardContent>
      </Card>
    </Box>
  );
}
