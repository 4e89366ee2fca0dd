// The audit trail's tools: export the filtered set (CSV or NDJSON, fetched with the token and
// saved from a blob) and verify the tamper-evidence chain over the filter's time range.
import DownloadIcon from '@mui/icons-material/Download';
import VerifiedIcon from '@mui/icons-material/VerifiedUser';
import { Alert, Box, Button } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useNotify } from 'react-admin';
import { downloadBlob } from '../common/downloadBlob';
import { errorMessage, useReelguardDataProvider } from '../common/useReelguard';
import type { AuditFilter } from '../dataProvider/apiTypes';
import type { ExportFormat } from '../dataProvider/customMethods';
import { describeVerification } from './verification';

function exportFileName(format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[:T]/g, '-');
  return `reelguard-access-logs-${stamp}.${format}`;
}

export function ExportButtons({ filter }: { filter: AuditFilter }) {
  const dataProvider = useReelguardDataProvider();
  const notify = useNotify();
  const { mutate, isPending, variables } = useMutation({
    mutationFn: (format: ExportFormat) =>
      dataProvider.exportAuditLogs(format, filter).then(({ data }) => ({ format, data })),
    onSuccess: ({ format, data }) => downloadBlob(data, exportFileName(format)),
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  return (
    <>
      {(['csv', 'ndjson'] as const).map((format) => (
        <Button
          key={format}
          startIcon={<DownloadIcon />}
          onClick={() => mutate(format)}
          disabled={isPending}
          data-testid={`audit-export-${format}`}
        >
          {isPending && variables === format ? 'Exporting…' : `Export ${format.toUpperCase()}`}
        </Button>
      ))}
    </>
  );
}

export function VerifyIntegrity({ filter }: { filter: AuditFilter }) {
  const dataProvider = useReelguardDataProvider();
  const { mutate, isPending, data, error, reset } = useMutation({
    mutationFn: () => dataProvider.verifyAudit({ from: filter.from, to: filter.to }).then((result) => result.data),
  });
  return (
    <Box sx={{ display: 'contents' }}>
      <Button
        variant="outlined"
        startIcon={<VerifiedIcon />}
        onClick={() => {
          reset();
          mutate();
        }}
        disabled={isPending}
        data-testid="audit-verify"
      >
        {isPending ? 'Verifying…' : 'Verify integrity'}
      </Button>
      {data || error ? (
        <Alert
          severity={error ? 'error' : data?.ok ? 'success' : 'error'}
          onClose={reset}
          // After every tool button of the row, on a line of its own.
          sx={{ flexBasis: '100%', order: 1 }}
          data-testid="audit-verify-result"
          data-ok={data ? String(data.ok) : 'error'}
          role="status"
        >
          {error ? errorMessage(error) : data ? describeVerification(data) : null}
        </Alert>
      ) : null}
    </Box>
  );
}
