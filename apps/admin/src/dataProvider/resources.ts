// Which API route serves each react-admin resource, how its records are read, and which
// operations the API allows on it. The UI never builds an API path itself.
import type { RaRecord } from 'react-admin';
import { toAccessLog, toSession, toUser, toVideo } from './normalize';

export type ResourceName = 'videos' | 'users' | 'sessions' | 'audit-logs';

type Operation = 'list' | 'one' | 'create' | 'update' | 'delete';

interface ResourceRoute {
  path: string;
  read: (raw: unknown) => RaRecord;
  operations: readonly Operation[];
  /** Body fields a PATCH may carry; anything else in the form is left out. */
  patchable?: readonly string[];
  /**
   * Fields the route sorts by. Any other sort is left out of the request, so the API's own
   * order applies instead of a 400 for an unknown field.
   */
  sortable: readonly string[];
}

export const RESOURCE_ROUTES: Record<ResourceName, ResourceRoute> = {
  videos: {
    path: '/videos',
    read: toVideo,
    operations: ['list', 'one', 'create', 'update', 'delete'],
    patchable: ['title', 'description'],
    sortable: ['createdAt', 'updatedAt', 'title', 'status', 'durationSec'],
  },
  users: {
    path: '/users',
    read: toUser,
    operations: ['list', 'one', 'create', 'update'],
    patchable: ['role', 'disabled'],
    sortable: ['email', 'role', 'createdAt'],
  },
  sessions: { path: '/playback-sessions', read: toSession, operations: ['list', 'delete'], sortable: [] },
  'audit-logs': { path: '/audit/access-logs', read: toAccessLog, operations: ['list'], sortable: [] },
};

const OPERATION_WORDS: Record<Operation, string> = {
  list: 'listed',
  one: 'opened one by one',
  create: 'created',
  update: 'changed',
  delete: 'deleted',
};

export function routeFor(resource: string, operation: Operation): ResourceRoute {
  const route = (RESOURCE_ROUTES as Record<string, ResourceRoute | undefined>)[resource];
  if (!route) throw new Error(`Unknown resource "${resource}".`);
  if (!route.operations.includes(operation)) {
    throw new Error(`${resource} cannot be ${OPERATION_WORDS[operation]} from the dashboard.`);
  }
  return route;
}

export function recordPath(route: ResourceRoute, id: string | number): string {
  return `${route.path}/${encodeURIComponent(String(id))}`;
}

/** The subset of a form's values the API accepts in a PATCH. */
export function patchBody(route: ResourceRoute, data: Record<string, unknown>): Record<string, unknown> {
  const allowed = route.patchable ?? [];
  return Object.fromEntries(
    Object.entries(data).filter(([key, value]) => allowed.includes(key) && value !== undefined),
  );
}
