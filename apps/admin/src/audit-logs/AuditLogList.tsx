// The audit log browser: chart, tools, filters, and the entries newest first. The API pages
// with keyset cursors, so paging keeps a stack of cursors (back = pop, older = push the
// `nextCursor`) instead of page numbers. Filters live in the URL (`?videoId=…`) when a link
// opens this screen, and in react-admin's store otherwise, so they survive navigation.
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { Loading, Title, useGetList, useLocation, useRequireAccess, useStore } from 'react-admin';
import { EmptyState } from '../common/EmptyState';
import { formatDateTime } from '../common/format';
import { errorMessage } from '../common/useReelguard';
import type { AccessLogEntry, AuditFilter } from '../dataProvider/apiTypes';
import type { AuditListMeta } from '../dataProvider';
import { AuditChart } from './AuditChart';
import { AuditFilterForm, EMPTY_QUERY, type AuditQuery } from './AuditFilterForm';
import { ExportButtons, VerifyIntegrity } from './AuditTools';
import {
  FIRST_PAGE,
  currentCursor,
  hasPrevious,
  pageNumber,
  popCursor,
  pushCursor,
  type CursorStack,
} from './cursorStack';

const FILTER_KEYS: ReadonlyArray<keyof AuditFilter> = [
  'videoId',
  'userId',
  'sessionId',
  'action',
  'outcome',
  'from',
  'to',
];

/** Filters given in the URL's query string, if any. */
function filterFromSearch(search: string): AuditFilter | null {
  const params = new URLSearchParams(search);
  const entries = FILTER_KEYS.flatMap((key) => {
    const value = params.get(key);
    return value ? [[key, value] as const] : [];
  });
  return entries.length > 0 ? (Object.fromEntries(entries) as AuditFilter) : null;
}

function Cell({ children, mono = false, title }: { children: ReactNode; mono?: boolean; title?: string }) {
  return (
    <TableCell
      title={title}
      sx={{
        fontFamily: mono ? 'monospace' : undefined,
        fontSize: mono ? 12 : undefined,
        // Ids are cut short to keep the table on screen; the full value is in the tooltip and exports.
        maxWidth: mono ? 140 : 220,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
      }}
    >
      {children ?? '—'}
    </TableCell>
  );
}

function EntryRow({ entry }: { entry: AccessLogEntry }) {
  return (
    <TableRow hover data-testid="audit-row" data-outcome={entry.outcome} data-action={entry.action}>
      <Cell title={entry.at}>{formatDateTime(entry.at)}</Cell>
      <Cell>{entry.action}</Cell>
      <TableCell>
        <Chip
          size="small"
          label={entry.outcome}
          color={entry.outcome === 'granted' ? 'success' : 'error'}
          variant="outlined"
        />
      </TableCell>
      <Cell title={entry.reason ?? undefined}>{entry.reason}</Cell>
      <Cell mono title={entry.userId ?? undefined}>
        {entry.userId}
      </Cell>
      <Cell mono title={entry.sessionId ?? undefined}>
        {entry.sessionId}
      </Cell>
      <Cell mono title={entry.videoId ?? undefined}>
        {entry.videoId}
      </Cell>
      <Cell mono title={entry.resource ?? undefined}>
        {entry.resource}
      </Cell>
      <Cell mono>{entry.ip}</Cell>
      <Cell title={entry.userAgent ?? undefined}>{entry.userAgent}</Cell>
    </TableRow>
  );
}

const COLUMNS = ['Time', 'Action', 'Outcome', 'Reason', 'User', 'Session', 'Video', 'Resource', 'IP', 'User agent'];

export default function AuditLogList() {
  const { isPending: checkingAccess } = useRequireAccess({ resource: 'audit-logs', action: 'list' });
  const location = useLocation();
  const [stored, setStored] = useStore<AuditQuery>('audit-logs.query', EMPTY_QUERY);
  const [cursors, setCursors] = useState<CursorStack>(FIRST_PAGE);

  // A link such as `#/audit-logs?videoId=…` replaces the stored filters.
  useEffect(() => {
    const fromUrl = filterFromSearch(location.search);
    if (fromUrl) setStored({ ...EMPTY_QUERY, filter: fromUrl });
  }, [location.search, setStored]);

  const apply = (query: AuditQuery) => {
    setStored(query);
    setCursors(FIRST_PAGE);
  };

  const meta: AuditListMeta = { cursor: currentCursor(cursors) };
  const {
    data,
    meta: pageMeta,
    pageInfo,
    isPending,
    isFetching,
    error,
  } = useGetList<AccessLogEntry>(
    'audit-logs',
    { pagination: { page: 1, perPage: stored.limit }, filter: stored.filter, meta },
    { placeholderData: keepPreviousData, enabled: !checkingAccess },
  );
  const nextCursor = (pageMeta as { nextCursor?: string | null } | undefined)?.nextCursor ?? null;

  if (checkingAccess) return <Loading />;

  return (
    <Box sx={{ display: 'grid', gap: 2, mt: 1 }}>
      <Title title="Audit log" />
      <Card>
        <CardContent>
          <Typography variant="subtitle1" component="h2" gutterBottom>
            Access decisions
          </Typography>
          <AuditChart filter={stored.filter} />
          <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center', mt: 2 }}>
            <VerifyIntegrity filter={stored.filter} />
            <ExportButtons filter={stored.filter} />
          </Box>
        </CardContent>
      </Card>
      <Card>
        <AuditFilterForm value={stored} onApply={apply} />
        {isFetching ? <LinearProgress aria-label="Loading entries" /> : <Box sx={{ height: 4 }} />}
        {error ? (
          <Alert severity="error" sx={{ m: 2 }}>
            {errorMessage(error)}
          </Alert>
        ) : isPending ? null : !data || data.length === 0 ? (
          <EmptyState title="No entries match these filters" testId="audit-empty" />
        ) : (
          <TableContainer>
            <Table size="small" aria-label="Audit log entries" data-testid="audit-table">
              <TableHead>
                <TableRow>
                  {COLUMNS.map((column) => (
                    <TableCell key={column}>{column}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {data.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} />
                ))}
              </TableBody>
            </Table>
          </TableContainer>
        )}
        <Box
          component="nav"
          aria-label="Audit log pages"
          sx={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', gap: 1, p: 1 }}
        >
          <Typography variant="body2" data-testid="audit-page">
            Page {pageNumber(cursors)}
          </Typography>
          <Button
            startIcon={<ChevronLeftIcon />}
            onClick={() => setCursors(popCursor)}
            disabled={!hasPrevious(cursors) || isFetching}
            data-testid="audit-newer"
          >
            Newer
          </Button>
          <Button
            endIcon={<ChevronRightIcon />}
            onClick={() => setCursors((stack) => pushCursor(stack, nextCursor))}
            disabled={!pageInfo?.hasNextPage || isFetching}
            data-testid="audit-older"
          >
            Older
          </Button>
        </Box>
      </Card>
    </Box>
  );
}
