// The audit trail's filters: ids, action, outcome, time range and page size. Edits are a
// draft until applied (button or Enter), so typing an id does not fire a query per key.
import { Box, Button, MenuItem, TextField } from '@mui/material';
import { useEffect, useState, type FormEvent } from 'react';
import { AUDIT_ACTIONS, type AuditFilter } from '../dataProvider/apiTypes';

export const PAGE_SIZES = [25, 50, 100, 250, 1000] as const;

export interface AuditQuery {
  filter: AuditFilter;
  limit: number;
}

export const EMPTY_QUERY: AuditQuery = { filter: {}, limit: 50 };

interface Props {
  value: AuditQuery;
  onApply: (query: AuditQuery) => void;
}

/** react-admin's theme makes text fields full width; the filter bar wants them side by side. */
const compact = { size: 'small', fullWidth: false, margin: 'none' } as const;

const textFields: Array<{ key: 'videoId' | 'userId' | 'sessionId'; label: string }> = [
  { key: 'videoId', label: 'Video id' },
  { key: 'userId', label: 'User id' },
  { key: 'sessionId', label: 'Session id' },
];

export function AuditFilterForm({ value, onApply }: Props) {
  const [draft, setDraft] = useState<AuditQuery>(value);
  useEffect(() => setDraft(value), [value]);

  const set = (key: keyof AuditFilter, text: string) =>
    setDraft((current) => ({ ...current, filter: { ...current.filter, [key]: text } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <Box
      component="form"
      onSubmit={submit}
      aria-label="Audit log filters"
      data-testid="audit-filters"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center', p: 2 }}
    >
      {textFields.map(({ key, label }) => (
        <TextField
          key={key}
          {...compact}
          label={label}
          value={draft.filter[key] ?? ''}
          onChange={(event) => set(key, event.target.value)}
          slotProps={{ htmlInput: { 'data-testid': `audit-filter-${key}` } }}
        />
      ))}
      <TextField
        select
        {...compact}
        label="Action"
        value={draft.filter.action ?? ''}
        onChange={(event) => set('action', event.target.value)}
        sx={{ minWidth: 150 }}
        slotProps={{ htmlInput: { 'data-testid': 'audit-filter-action' } }}
      >
        <MenuItem value="">Any action</MenuItem>
        {AUDIT_ACTIONS.map((action) => (
          <MenuItem key={action} value={action}>
            {action}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        {...compact}
        label="Outcome"
        value={draft.filter.outcome ?? ''}
        onChange={(event) => set('outcome', event.target.value)}
        sx={{ minWidth: 130 }}
        slotProps={{ htmlInput: { 'data-testid': 'audit-filter-outcome' } }}
      >
        <MenuItem value="">Any outcome</MenuItem>
        <MenuItem value="granted">granted</MenuItem>
        <MenuItem value="denied">denied</MenuItem>
      </TextField>
      <TextField
        {...compact}
        type="datetime-local"
        label="From"
        value={draft.filter.from ?? ''}
        onChange={(event) => set('from', event.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'audit-filter-from' } }}
      />
      <TextField
        {...compact}
        type="datetime-local"
        label="To"
        value={draft.filter.to ?? ''}
        onChange={(event) => set('to', event.target.value)}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'audit-filter-to' } }}
      />
      <TextField
        select
        {...compact}
        label="Per page"
        value={draft.limit}
        onChange={(event) => setDraft((current) => ({ ...current, limit: Number(event.target.value) }))}
        sx={{ minWidth: 100 }}
        slotProps={{ htmlInput: { 'data-testid': 'audit-filter-limit' } }}
      >
        {PAGE_SIZES.map((size) => (
          <MenuItem key={size} value={size}>
            {size}
          </MenuItem>
        ))}
      </TextField>
      <Button type="submit" variant="contained" data-testid="audit-apply">
        Apply
      </Button>
      <Button type="button" onClick={() => onApply(EMPTY_QUERY)} data-testid="audit-reset">
        Reset
      </Button>
    </Box>
  );
}
