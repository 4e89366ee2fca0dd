// State of the upload screen as a pure reducer: each chosen file moves queued → uploading →
// accepted | failed | cancelled. At most `MAX_PARALLEL_UPLOADS` run at once so that many
// files do not split the bandwidth so thin that none finishes.

export const MAX_PARALLEL_UPLOADS = 2;

export type UploadState = 'queued' | 'uploading' | 'accepted' | 'failed' | 'cancelled';

export interface UploadItem {
  key: string;
  fileName: string;
  size: number;
  title: string;
  state: UploadState;
  loaded: number;
  total: number;
  videoId?: string;
  message?: string;
}

export type UploadAction =
  | { type: 'add'; files: ReadonlyArray<{ key: string; name: string; size: number }> }
  | { type: 'start'; key: string }
  | { type: 'progress'; key: string; loaded: number; total: number }
  | { type: 'accepted'; key: string; videoId: string }
  | { type: 'failed'; key: string; message: string }
  | { type: 'cancelled'; key: string }
  | { type: 'retry'; key: string }
  | { type: 'remove'; key: string }
  | { type: 'clearFinished' };

/** A title proposed from the file name: "my_holiday-2024.mp4" → "my holiday 2024". */
export function titleFromFileName(name: string): string {
  const base = name.replace(/\.[^./\\]+$/, '');
  return (
    base
      .replace(/[_\-.]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || name
  );
}

const update = (items: UploadItem[], key: string, change: (item: UploadItem) => UploadItem): UploadItem[] =>
  items.map((item) => (item.key === key ? change(item) : item));

export function uploadReducer(items: UploadItem[], action: UploadAction): UploadItem[] {
  switch (action.type) {
    case 'add':
      return [
        ...items,
        ...action.files.map((file): UploadItem => ({
          key: file.key,
          fileName: file.name,
          size: file.size,
          title: titleFromFileName(file.name),
          state: 'queued',
          loaded: 0,
          total: file.size,
        })),
      ];
    case 'start':
      return update(items, action.key, (item) => ({ ...item, state: 'uploading', loaded: 0, message: undefined }));
    case 'progress':
      return update(items, action.key, (item) =>
        item.state === 'uploading' ? { ...item, loaded: action.loaded, total: action.total || item.total } : item,
      );
    case 'accepted':
      return update(items, action.key, (item) => ({
        ...item,
        state: 'accepted',
        loaded: item.total,
        videoId: action.videoId,
      }));
    case 'failed':
      return update(items, action.key, (item) => ({ ...item, state: 'failed', message: action.message }));
    case 'cancelled':
      return update(items, action.key, (item) =>
        item.state === 'queued' || item.state === 'uploading' ? { ...item, state: 'cancelled' } : item,
      );
    case 'retry':
      return update(items, action.key, (item) =>
        item.state === 'failed' || item.state === 'cancelled'
          ? { ...item, state: 'queued', loaded: 0, message: undefined }
          : item,
      );
    case 'remove':
      return items.filter((item) => item.key !== action.key || item.state === 'uploading');
    case 'clearFinished':
      return items.filter((item) => item.state === 'queued' || item.state === 'uploading');
  }
}

/** The queued items that may start now, oldest first. */
export function nextToStart(items: readonly UploadItem[], limit = MAX_PARALLEL_UPLOADS): UploadItem[] {
  const running = items.filter((item) => item.state === 'uploading').length;
  return items.filter((item) => item.state === 'queued').slice(0, Math.max(0, limit - running));
}

export function percent(item: Pick<UploadItem, 'loaded' | 'total'>): number {
  if (item.total <= 0) return 0;
  return Math.min(100, Math.round((item.loaded / item.total) * 100));
}
