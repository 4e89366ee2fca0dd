// One video upload as `POST /videos/upload` (multipart) over XMLHttpRequest, because fetch
// still cannot report upload progress. Byte progress, cancel (abort) and the API's refusal
// message (413 too large, 415/422 not a video) come back to the caller. The XHR constructor and
// token are injected so this runs under test without a browser.
import { ApiError, buildUrl, extractErrorMessage } from './httpClient';

/** The slice of XMLHttpRequest an upload uses. */
export interface UploadXhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  abort(): void;
  readonly status: number;
  readonly statusText: string;
  readonly responseText: string;
  readonly upload: { onprogress: ((event: ProgressEvent) => void) | null };
  onload: ((event: ProgressEvent) => void) | null;
  onerror: ((event: ProgressEvent) => void) | null;
  onabort: ((event: ProgressEvent) => void) | null;
}

export interface UploadAccepted {
  id: string;
  status: string;
}

export interface UploadFields {
  title?: string;
  description?: string;
}

export interface UploadOptions {
  createXhr: () => UploadXhr;
  getToken: () => string | null;
  baseUrl?: string;
}

export interface UploadHandle {
  done: Promise<UploadAccepted>;
  abort(): void;
}

export class UploadCancelledError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('Upload cancelled.');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function buildUploadForm(file: Blob, fileName: string, fields: UploadFields): FormData {
  const form = new FormData();
  // Text fields first: a streaming server reads them before the file part.
  if (fields.title?.trim()) form.append('title', fields.title.trim());
  if (fields.description?.trim()) form.append('description', fields.description.trim());
  form.append('file', file, fileName);
  return form;
}

export function startUpload(
  { createXhr, getToken, baseUrl = '' }: UploadOptions,
  file: Blob,
  fileName: string,
  fields: UploadFields,
  onProgress: (loaded: number, total: number) => void,
): UploadHandle {
  const xhr = createXhr();
  const done = new Promise<UploadAccepted>((resolve, reject) => {
    xhr.open('POST', buildUrl(baseUrl, '/videos/upload'));
    const token = getToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        const accepted = (body ?? {}) as Partial<UploadAccepted>;
        resolve({ id: String(accepted.id ?? ''), status: String(accepted.status ?? 'uploaded') });
        return;
      }
      reject(new ApiError(extractErrorMessage(body, xhr.status, xhr.statusText), xhr.status, body));
    };
    // A refused upload often closes the connection mid-body: the browser reports a network error.
    xhr.onerror = () =>
      reject(new ApiError('The upload was interrupted. Check the file size and the connection, then try again.', 0));
    xhr.onabort = () => reject(new UploadCancelledError());
    xhr.send(buildUploadForm(file, fileName, fields));
  });
  return { done, abort: () => xhr.abort() };
}
