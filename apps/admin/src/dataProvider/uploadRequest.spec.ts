// Unit tests of the XHR upload: progress, acceptance, the API's refusal messages and cancel.
import { describe, expect, it } from 'vitest';
import { ApiError } from './httpClient';
import { startUpload, UploadCancelledError, type UploadXhr } from './uploadRequest';

class FakeXhr implements UploadXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  sent: FormData | null = null;
  aborted = false;
  status = 0;
  statusText = '';
  responseText = '';
  upload: UploadXhr['upload'] = { onprogress: null };
  onload: UploadXhr['onload'] = null;
  onerror: UploadXhr['onerror'] = null;
  onabort: UploadXhr['onabort'] = null;
  private readonly event = {} as ProgressEvent;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.(this.event);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = typeof body === 'string' ? body : JSON.stringify(body);
    this.onload?.(this.event);
  }
}

function upload(fields = {}) {
  const xhr = new FakeXhr();
  const progress: Array<[number, number]> = [];
  const file = new Blob([new Uint8Array(1000)], { type: 'video/mp4' });
  const handle = startUpload(
    { createXhr: () => xhr, getToken: () => 'tok' },
    file,
    'holiday.mp4',
    fields,
    (loaded, total) => progress.push([loaded, total]),
  );
  return { xhr, progress, handle };
}

describe('startUpload', () => {
  it('posts multipart to /videos/upload with the token and the optional fields', () => {
    const { xhr } = upload({ title: ' Holiday ', description: '' });
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/videos/upload');
    expect(xhr.headers.Authorization).toBe('Bearer tok');
    expect(xhr.sent?.get('title')).toBe('Holiday');
    expect(xhr.sent?.has('description')).toBe(false);
    expect((xhr.sent?.get('file') as File).name).toBe('holiday.mp4');
    expect([...(xhr.sent?.keys() ?? [])]).toEqual(['title', 'file']);
  });

  it('reports byte progress and resolves with the accepted video', async () => {
    const { xhr, progress, handle } = upload();
    xhr.progress(250, 1000);
    xhr.progress(1000, 1000);
    xhr.answer(202, { id: 'v1', status: 'uploaded' });
    await expect(handle.done).resolves.toEqual({ id: 'v1', status: 'uploaded' });
    expect(progress).toEqual([
      [250, 1000],
      [1000, 1000],
    ]);
  });

  it.each([
    [413, 'The file is larger than the 2 GiB limit.'],
    [415, 'This file is not a video.'],
    [422, 'The video has no video stream.'],
  ])('rejects a %i with the API’s message', async (status, message) => {
    const { xhr, handle } = upload();
    xhr.answer(status, { statusCode: status, error: 'Refused', message });
    const failure = await handle.done.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status, message });
  });

  it('rejects with a cancellation when aborted', async () => {
    const { xhr, handle } = upload();
    handle.abort();
    expect(xhr.aborted).toBe(true);
    await expect(handle.done).rejects.toBeInstanceOf(UploadCancelledError);
  });

  it('explains a dropped connection', async () => {
    const { xhr, handle } = upload();
    xhr.onerror?.({} as ProgressEvent);
    await expect(handle.done).rejects.toMatchObject({ status: 0, message: expect.stringMatching(/interrupted/) });
  });
});
