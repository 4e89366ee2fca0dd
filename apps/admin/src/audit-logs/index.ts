// The audit-logs resource: a read-only browser (nobody can change the trail).
import PolicyIcon from '@mui/icons-material/Policy';
import { lazy } from 'react';
import type { AccessLogEntry } from '../dataProvider/apiTypes';

export default {
  list: lazy(() => import('./AuditLogList')),
  icon: PolicyIcon,
  recordRepresentation: (entry: AccessLogEntry): string => `${entry.action} ${entry.outcome} at ${entry.at}`,
};
