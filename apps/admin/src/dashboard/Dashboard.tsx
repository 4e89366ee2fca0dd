// The home screen: small cards fed by server-side figures (never totals counted in the
// browser). Admins see videos by status and the transcode queue; everyone sees today's access
// decisions.
import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Title, useCreatePath, usePermissions } from 'react-admin';
import { AuditChart } from '../audit-logs/AuditChart';
import { StatCard } from '../common/StatCard';
import { useReelguardDataProvider } from '../common/useReelguard';
import type { Role } from '../dataProvider/apiTypes';
import { JobCountCards } from '../jobs/JobCountCards';

const VIDEO_COUNTS_REFRESH_MS = 10_000;

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card component="section" aria-label={title}>
      <CardContent>
        <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', mb: 1 }}>
          <Typography variant="h6" component="h2">
            {title}
          </Typography>
          {action}
        </Box>
        {children}
      </CardContent>
    </Card>
  );
}

function VideoCountCards() {
  const dataProvider = useReelguardDataProvider();
  const { data } = useQuery({
    queryKey: ['videos', 'counts'],
    queryFn: () => dataProvider.videoCounts().then((result) => result.data),
    refetchInterval: VIDEO_COUNTS_REFRESH_MS,
  });
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
      <StatCard label="Ready" value={data?.ready} tone="success" testId="videos-ready" />
      <StatCard label="Processing" value={data?.processing} tone="info" testId="videos-processing" />
      <StatCard label="Waiting to transcode" value={data?.uploaded} testId="videos-uploaded" />
      <StatCard label="Failed" value={data?.failed} tone="error" testId="videos-failed" />
      <StatCard label="Published" value={data?.published} testId="videos-published" />
    </Box>
  );
}

function SectionLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Button component={Link} to={to} size="small">
      {children}
    </Button>
  );
}

export default function Dashboard() {
  const { permissions, isPending } = usePermissions<Role | null>();
  const createPath = useCreatePath();
  if (isPending) return null;
  const admin = permissions === 'admin';
  return (
    <Box sx={{ display: 'grid', gap: 2, mt: 1 }} data-testid="dashboard">
      <Title title="Reelguard" />
      {admin ? (
        <>
          <Section
            title="Videos"
            action={<SectionLink to={createPath({ resource: 'videos', type: 'list' })}>All videos</SectionLink>}
          >
            <VideoCountCards />
          </Section>
          <Section
            title="Transcode queue"
            action={<SectionLink to={createPath({ resource: 'jobs', type: 'list' })}>Jobs</SectionLink>}
          >
            <JobCountCards />
          </Section>
        </>
      ) : null}
      <Section
        title="Access decisions"
        action={<SectionLink to={createPath({ resource: 'audit-logs', type: 'list' })}>Audit log</SectionLink>}
      >
        <AuditChart filter={{}} />
      </Section>
    </Box>
  );
}
