// Live playback sessions: who watches what, since when, last heartbeat and from where, with a
// revoke button (every token of a revoked session is refused from then on). Re-read every 10 s.
import BlockIcon from '@mui/icons-material/Block';
import { Typography } from '@mui/material';
import { DataTable, DeleteButton, List, Link, useCreatePath, useNotify, useRecordContext } from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { formatDateTime } from '../common/format';
import type { PlaybackSession } from '../dataProvider/apiTypes';

const REFRESH_MS = 10_000;

function UserCell() {
  const session = useRecordContext<PlaybackSession>();
  if (!session) return null;
  return <span title={session.userId ?? undefined}>{session.userEmail ?? session.userId ?? '—'}</span>;
}

function VideoCell() {
  const session = useRecordContext<PlaybackSession>();
  const createPath = useCreatePath();
  if (!session?.videoId) return <>—</>;
  return (
    <Link to={createPath({ resource: 'videos', type: 'show', id: session.videoId })}>
      {session.videoTitle ?? session.videoId}
    </Link>
  );
}

function RevokeButton() {
  const session = useRecordContext<PlaybackSession>();
  const notify = useNotify();
  return (
    <DeleteButton
      label="Revoke"
      icon={<BlockIcon />}
      mutationMode="pessimistic"
      redirect={false}
      confirmTitle="Revoke this playback session?"
      confirmContent="The player stops within a second and must start a new session."
      // Not successMessage: react-admin passes it a translation default ("Element deleted")
      // that wins over any text which is not a translation key.
      mutationOptions={{ onSuccess: () => notify('Session revoked.', { type: 'success' }) }}
      aria-label={`Revoke session ${session?.id ?? ''}`}
      data-testid="session-revoke"
    />
  );
}

function NoSessions() {
  return (
    <EmptyState title="Nobody is watching right now" testId="sessions-empty">
      <Typography variant="body2">Sessions appear here while a player heartbeats them.</Typography>
    </EmptyState>
  );
}

export default function SessionList() {
  return (
    <List
      title="Playback sessions"
      sort={{ field: 'startedAt', order: 'DESC' }}
      perPage={50}
      empty={<NoSessions />}
      queryOptions={{ refetchInterval: REFRESH_MS }}
      exporter={false}
    >
      <DataTable rowClick={false} bulkActionButtons={false} data-testid="sessions-table">
        <DataTable.Col label="User" source="userEmail" disableSort>
          <UserCell />
        </DataTable.Col>
        <DataTable.Col label="Video" source="videoTitle" disableSort>
          <VideoCell />
        </DataTable.Col>
        <DataTable.Col
          label="Started"
          source="startedAt"
          disableSort
          render={(s: PlaybackSession) => formatDateTime(s.startedAt)}
        />
        <DataTable.Col
          label="Last seen"
          source="lastSeenAt"
          disableSort
          render={(s: PlaybackSession) => formatDateTime(s.lastSeenAt)}
        />
        <DataTable.Col
          label="Expires"
          source="expiresAt"
          disableSort
          render={(s: PlaybackSession) => formatDateTime(s.expiresAt)}
        />
        <DataTable.Col label="IP" source="ip" disableSort render={(s: PlaybackSession) => s.ip ?? '—'} />
        <DataTable.Col label="Actions" disableSort>
          <RevokeButton />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
