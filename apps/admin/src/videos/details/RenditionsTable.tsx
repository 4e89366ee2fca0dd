// The renditions the transcoder has produced so far (name, size, bit rate).
import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { formatBandwidth } from '../../common/format';
import type { Rendition } from '../../dataProvider/apiTypes';

export function RenditionsTable({ renditions }: { renditions: readonly Rendition[] }) {
  if (renditions.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="renditions-empty">
        No renditions yet.
      </Typography>
    );
  }
  const sorted = [...renditions].sort((a, b) => b.height - a.height || b.bandwidth - a.bandwidth);
  return (
    <Table size="small" aria-label="Renditions" data-testid="renditions-table">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Resolution</TableCell>
          <TableCell align="right">Bit rate</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sorted.map((rendition) => (
          <TableRow key={rendition.name} data-testid="rendition-row">
            <TableCell>{rendition.name}</TableCell>
            <TableCell>
              {rendition.width}×{rendition.height}
            </TableCell>
            <TableCell align="right">{formatBandwidth(rendition.bandwidth)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
