// The list parameters the admin dashboard sends (react-admin's simple REST convention):
// ?filter={...}&range=[start,end]&sort=["field","ASC|DESC"], answered with a Content-Range header.
import { BadRequestException } from '@nestjs/common';
import type { Response } from 'express';

export interface ListQuery<F extends string> {
  offset: number;
  limit: number;
  sortField: F;
  sortOrder: 'ASC' | 'DESC';
  filter: Record<string, unknown>;
}

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new BadRequestException(`${name} must be given once, as JSON.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new BadRequestException(
      `${name} must be JSON, for example ${name === 'range' ? '[0,24]' : name === 'sort' ? '["createdAt","DESC"]' : '{"q":"term"}'}.`,
    );
  }
}

export function parseListQuery<F extends string>(
  query: Record<string, unknown>,
  sortable: readonly F[],
  defaultSort: F,
  maxPage = 200,
): ListQuery<F> {
  const range = parseJson('range', query.range) ?? [0, 24];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((n) => Number.isInteger(n) && n >= 0) ||
    range[1] < range[0]
  ) {
    throw new BadRequestException('range must be [start, end] with whole numbers, start <= end, for example [0,24].');
  }
  const [start, end] = range as [number, number];
  const sort = parseJson('sort', query.sort) ?? [defaultSort, 'DESC'];
  if (
    !Array.isArray(sort) ||
    sort.length !== 2 ||
    !sortable.includes(sort[0] as F) ||
    !['ASC', 'DESC'].includes(String(sort[1]).toUpperCase())
  ) {
    throw new BadRequestException(`sort must be [field, "ASC"|"DESC"] with field one of ${sortable.join(', ')}.`);
  }
  const filter = parseJson('filter', query.filter) ?? {};
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new BadRequestException('filter must be a JSON object, for example {"q":"term"}.');
  }
  return {
    offset: start,
    limit: Math.min(end - start + 1, maxPage),
    sortField: sort[0] as F,
    sortOrder: String(sort[1]).toUpperCase() as 'ASC' | 'DESC',
    filter: filter as Record<string, unknown>,
  };
}

export function setContentRange(res: Response, resource: string, offset: number, count: number, total: number): void {
  const end = count === 0 ? offset : offset + count - 1;
  res.setHeader('Content-Range', `${resource} ${offset}-${end}/${total}`);
}
