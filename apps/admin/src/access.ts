// Who may see what in the dashboard. The API enforces the same rules; this only keeps menus and
// screens from offering what a role cannot use. Admins manage everything, auditors read the
// audit trail, viewers have no business here.
import type { Role } from './dataProvider/apiTypes';

export type DashboardRole = Extract<Role, 'admin' | 'auditor'>;

export const DASHBOARD_ROLES: readonly Role[] = ['admin', 'auditor'];

export function isDashboardRole(role: Role | null | undefined): role is DashboardRole {
  return role === 'admin' || role === 'auditor';
}

const AUDITOR_ACTIONS: Record<string, readonly string[]> = {
  'audit-logs': ['list', 'show', 'export'],
};

export function canRoleAccess(role: Role | null | undefined, resource: string, action: string): boolean {
  if (role === 'admin') return true;
  if (role === 'auditor') return AUDITOR_ACTIONS[resource]?.includes(action) ?? false;
  return false;
}
