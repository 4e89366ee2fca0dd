// A small figure card for the dashboard and the jobs page.
import { Card, CardContent, Skeleton, Typography } from '@mui/material';

export interface StatCardProps {
  label: string;
  value: number | undefined;
  tone?: 'default' | 'success' | 'error' | 'warning' | 'info';
  testId: string;
}

const TONE_COLOURS: Record<NonNullable<StatCardProps['tone']>, string> = {
  default: 'text.primary',
  success: 'success.main',
  error: 'error.main',
  warning: 'warning.main',
  info: 'info.main',
};

export function StatCard({ label, value, tone = 'default', testId }: StatCardProps) {
  return (
    <Card variant="outlined" sx={{ minWidth: 140, flex: '1 1 140px' }} data-testid={testId}>
      <CardContent>
        <Typography variant="caption" color="text.secondary" component="p">
          {label}
        </Typography>
        {value === undefined ? (
          <Skeleton width={48} height={40} />
        ) : (
          <Typography variant="h4" component="p" sx={{ color: TONE_COLOURS[tone] }} data-testid={`${testId}-value`}>
            {value}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
