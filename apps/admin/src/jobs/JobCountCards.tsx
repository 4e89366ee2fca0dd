// Transcode queue counts per state (waiting, active, delayed, failed, completed), from the
// server's own figures, for the jobs page and the dashboard.
import { Alert, Box } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { StatCard } from '../common/StatCard';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';
import type { JobCounts } from '../dataProvider/apiTypes';

export const JOBS_REFRESH_MS = 5000;

const COUNT_CARDS: Array<{
  key: keyof JobCounts;
  label: string;
  tone: 'default' | 'info' | 'error' | 'success' | 'warning';
}> = [
  { key: 'waiting', label: 'Waiting', tone: 'default' },
  { key: 'active', label: 'Active', tone: 'info' },
  { key: 'delayed', label: 'Delayed', tone: 'warning' },
  { key: 'failed', label: 'Failed', tone: 'error' },
  { key: 'completed', label: 'Completed', tone: 'success' },
];

export function JobCountCards() {
  const dataProvider = useReelguardDataProvider();
  const { data, error } = useQuery({
    queryKey: ['jobs', 'counts'],
    queryFn: () => dataProvider.jobCounts().then((result) => result.data),
    refetchInterval: JOBS_REFRESH_MS,
  });
  if (error) return <Alert severity="warning">{errorMessage(error)}</Alert>;
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      {COUNT_CARDS.map(({ key, label, tone }) => (
        <StatCard key={key} label={label} value={data?.[key]} tone={tone} testId={`jobs-${key}`} />
      ))}
    </Box>
  );
}
