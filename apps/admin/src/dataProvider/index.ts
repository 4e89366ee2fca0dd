// The dashboard's data provider: react-admin's CRUD methods mapped onto the Reelguard API
// (simple-rest lists with Content-Range totals, the audit trail's cursor pages, uploads as
// create) plus the custom methods. It takes `fetch` and the token source as parameters so it
// runs, and is tested, without a browser.
import type {
  CreateParams,
  CreateResult,
  DataProvider,
  DeleteManyParams,
  DeleteParams,
  DeleteResult,
  GetListParams,
  GetListResult,
  GetManyParams,
  GetManyReferenceParams,
  GetOneParams,
  GetOneResult,
  Identifier,
  RaRecord,
  UpdateManyParams,
  UpdateParams,
  UpdateResult,
} from 'react-admin';
import type { AuditFilter } from './apiTypes';
import { createCustomMethods, type ReelguardMethods } from './customMethods';
import { ApiError, createHttpClient, type FetchLike, type HttpClient } from './httpClient';
import { auditListQuery, listTotal, readListBody, simpleRestQuery } from './listQuery';
import { patchBody, recordPath, routeFor } from './resources';

export type ReelguardDataProvider = DataProvider & ReelguardMethods;

export interface DataProviderOptions {
  fetch: FetchLike;
  getToken: () => string | null;
  baseUrl?: string;
}

/** What react-admin passes as `meta` to the audit list: the cursor of the page to read. */
export interface AuditListMeta {
  cursor?: string | null;
}

async function getList(http: HttpClient, resource: string, params: GetListParams): Promise<GetListResult<RaRecord>> {
  const route = routeFor(resource, 'list');
  if (resource === 'audit-logs') {
    const cursor = (params.meta as AuditListMeta | undefined)?.cursor ?? null;
    const query = auditListQuery((params.filter ?? {}) as AuditFilter, params.pagination?.perPage, cursor);
    const { body } = await http.request(route.path, { query, signal: params.signal });
    const page = (body ?? {}) as { items?: unknown; nextCursor?: unknown };
    const nextCursor = typeof page.nextCursor === 'string' && page.nextCursor !== '' ? page.nextCursor : null;
    return {
      data: (Array.isArray(page.items) ? page.items : []).map(route.read),
      pageInfo: { hasNextPage: nextCursor !== null, hasPreviousPage: cursor !== null },
      meta: { nextCursor },
    };
  }
  const sort = params.sort && route.sortable.includes(params.sort.field) ? params.sort : undefined;
  const query = simpleRestQuery({ ...params, sort });
  const { headers, body } = await http.request(route.path, { query, signal: params.signal });
  const { items, total } = readListBody(body);
  const page = params.pagination?.page ?? 1;
  const perPage = params.pagination?.perPage ?? items.length;
  return { data: items.map(route.read), total: listTotal(headers, total, (page - 1) * perPage, items.length) };
}

async function getOne(http: HttpClient, resource: string, params: GetOneParams): Promise<GetOneResult<RaRecord>> {
  const route = routeFor(resource, 'one');
  const { body } = await http.request(recordPath(route, params.id), { signal: params.signal });
  return { data: route.read(body) };
}

async function update(http: HttpClient, resource: string, params: UpdateParams): Promise<UpdateResult<RaRecord>> {
  const route = routeFor(resource, 'update');
  const changes = patchBody(route, params.data as Record<string, unknown>);
  const { body } = await http.request(recordPath(route, params.id), { method: 'PATCH', json: changes });
  const answered = body !== null && typeof body === 'object' && 'id' in body;
  const merged = answered ? body : { ...(params.previousData ?? {}), ...changes, id: params.id };
  return { data: route.read(merged) };
}

/** Uploads as `create`: one multipart request, no progress (the upload screen uses XHR for that). */
function uploadForm(data: Record<string, unknown>): FormData {
  const candidate = data.file ?? (data.rawFile as unknown);
  const nested = (candidate as { rawFile?: unknown } | undefined)?.rawFile;
  const file = nested instanceof Blob ? nested : candidate;
  if (!(file instanceof Blob)) throw new Error('Choose a video file to upload.');
  const form = new FormData();
  if (typeof data.title === 'string' && data.title.trim()) form.append('title', data.title.trim());
  if (typeof data.description === 'string' && data.description.trim())
    form.append('description', data.description.trim());
  form.append('file', file, file instanceof File ? file.name : 'upload');
  return form;
}

async function create(http: HttpClient, resource: string, params: CreateParams): Promise<CreateResult<RaRecord>> {
  const route = routeFor(resource, 'create');
  const data = (params.data ?? {}) as Record<string, unknown>;
  if (resource === 'videos') {
    const { body } = await http.request(`${route.path}/upload`, { method: 'POST', body: uploadForm(data) });
    return { data: route.read(body) };
  }
  const { body } = await http.request(route.path, { method: 'POST', json: data });
  return { data: route.read(body) };
}

async function remove(http: HttpClient, resource: string, params: DeleteParams): Promise<DeleteResult<RaRecord>> {
  const route = routeFor(resource, 'delete');
  await http.request(recordPath(route, params.id), { method: 'DELETE' });
  return { data: (params.previousData as RaRecord | undefined) ?? { id: params.id } };
}

/**
 * Runs one request per record (the API has no batch routes) and lets every one finish; if any
 * failed, the error says how many and why, keeping the status of the first failure.
 */
export async function forEachRecord(
  ids: readonly Identifier[],
  pastTense: string,
  run: (id: Identifier) => Promise<unknown>,
): Promise<void> {
  const outcomes = await Promise.allSettled(ids.map((id) => run(id)));
  const failures = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  const [firstFailure] = failures;
  if (!firstFailure) return;
  const reason: unknown = firstFailure.reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  const status = reason instanceof ApiError ? reason.status : 500;
  throw new ApiError(`${failures.length} of ${ids.length} could not be ${pastTense}: ${message}`, status, null);
}

export function createDataProvider({ fetch, getToken, baseUrl = '' }: DataProviderOptions): ReelguardDataProvider {
  const http = createHttpClient({ fetch, getToken, baseUrl });

  return {
    supportAbortSignal: true,
    getList: <R extends RaRecord>(resource: string, params: GetListParams) =>
      getList(http, resource, params) as Promise<GetListResult<R>>,
    getOne: <R extends RaRecord>(resource: string, params: GetOneParams) =>
      getOne(http, resource, params) as Promise<GetOneResult<R>>,
    // No batch route: one GET per id (reference fields show a handful at a time).
    getMany: async <R extends RaRecord>(resource: string, params: GetManyParams) => {
      const results = await Promise.all(params.ids.map((id) => getOne(http, resource, { id, signal: params.signal })));
      return { data: results.map((result) => result.data) as R[] };
    },
    getManyReference: <R extends RaRecord>(resource: string, params: GetManyReferenceParams) =>
      getList(http, resource, { ...params, filter: { ...params.filter, [params.target]: params.id } }) as Promise<
        GetListResult<R>
      >,
    update: <R extends RaRecord>(resource: string, params: UpdateParams) =>
      update(http, resource, params) as Promise<UpdateResult<R>>,
    updateMany: async (resource: string, params: UpdateManyParams) => {
      await forEachRecord(params.ids, 'changed', (id) =>
        update(http, resource, { id, data: params.data as Partial<RaRecord>, previousData: { id } }),
      );
      return { data: params.ids };
    },
    create: <R extends Omit<RaRecord, 'id'>, Result extends RaRecord = R & RaRecord>(
      resource: string,
      params: CreateParams,
    ) => create(http, resource, params) as Promise<CreateResult<Result>>,
    delete: <R extends RaRecord>(resource: string, params: DeleteParams<R>) =>
      remove(http, resource, params) as Promise<DeleteResult<R>>,
    deleteMany: async (resource: string, params: DeleteManyParams) => {
      await forEachRecord(params.ids, 'deleted', (id) => remove(http, resource, { id }));
      return { data: params.ids };
    },
    ...createCustomMethods(http),
  };
}
