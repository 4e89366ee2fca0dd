// Granted/denied requests over time as a plain SVG bar chart (no chart library). The range is
// the filter's, or the last 24 hours, and the other filters narrow the counts as they narrow
// the list; without a statistics route on the API it says so.
import { Alert, Box, Skeleton, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../common/format';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';
import type { AuditFilter } from '../dataProvider/apiTypes';
import { toIsoInstant } from '../dataProvider/listQuery';
import { layoutBars } from './barChart';

const WIDTH = 720;
const HEIGHT = 140;
const DAY_MS = 86_400_000;
const GRANTED = '#2e7d32';
const DENIED = '#d32f2f';

export function chartRange(filter: AuditFilter, now = Date.now()) {
  const to = toIsoInstant(filter.to) ?? new Date(now).toISOString();
  const from = toIsoInstant(filter.from) ?? new Date(Date.parse(to) - DAY_MS).toISOString();
  const span = Date.parse(to) - Date.parse(from);
  return { from, to, bucket: span > 3 * DAY_MS ? ('day' as const) : ('hour' as const) };
}

export function AuditChart({ filter }: { filter: AuditFilter }) {
  const dataProvider = useReelguardDataProvider();
  const range = chartRange(filter);
  // The chart counts what the list shows: the same filters, over the chart's range.
  const { videoId, userId, sessionId, action, outcome } = filter;
  const narrowed = { videoId, userId, sessionId, action, outcome };
  const { data, isPending, error } = useQuery({
    queryKey: ['audit-logs', 'stats', range.from.slice(0, 16), range.to.slice(0, 16), range.bucket, narrowed],
    queryFn: () => dataProvider.auditStats({ ...narrowed, ...range }).then((result) => result.data),
  });

  if (isPending) return <Skeleton variant="rectangular" height={HEIGHT} aria-label="Loading statistics" />;
  if (error) return <Alert severity="warning">{errorMessage(error)}</Alert>;
  if (data === null || data === undefined) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="audit-chart-unavailable">
        Access statistics are not available from this server.
      </Typography>
    );
  }
  if (data.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="audit-chart-empty">
        No requests were recorded in this period.
      </Typography>
    );
  }
  const { bars } = layoutBars(data, WIDTH, HEIGHT);
  const busiest = Math.max(...data.map((point) => point.granted + point.denied));
  const totals = data.reduce(
    (sum, point) => ({ granted: sum.granted + point.granted, denied: sum.denied + point.denied }),
    {
      granted: 0,
      denied: 0,
    },
  );
  return (
    <Box data-testid="audit-chart">
      <Typography variant="caption" color="text.secondary" component="p">
        <Box component="span" sx={{ color: GRANTED }}>
          ■
        </Box>{' '}
        granted {totals.granted} ·{' '}
        <Box component="span" sx={{ color: DENIED }}>
          ■
        </Box>{' '}
        denied {totals.denied} · per {range.bucket}, busiest {range.bucket} {busiest}
      </Typography>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        height={HEIGHT}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Granted and denied requests per ${range.bucket}: ${totals.granted} granted, ${totals.denied} denied`}
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} stroke="currentColor" strokeOpacity={0.1} />
        {bars.map((bar) => (
          <g key={bar.at}>
            <title>{`${formatDateTime(bar.at)}: ${bar.granted} granted, ${bar.denied} denied`}</title>
            <rect x={bar.x} y={bar.grantedY} width={bar.width} height={bar.grantedHeight} fill={GRANTED} />
            <rect x={bar.x} y={bar.deniedY} width={bar.width} height={bar.deniedHeight} fill={DENIED} />
          </g>
        ))}
      </svg>
    </Box>
  );
}
