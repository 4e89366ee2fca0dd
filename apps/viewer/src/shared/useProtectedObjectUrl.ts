// Loads a token-protected image (poster, sprite) into a `blob:` URL an <img> can show, since an
// <img> cannot send the Authorization header. The URL is revoked when no longer used.
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client';

export function useProtectedObjectUrl(api: ApiClient, url: string | undefined, enabled = true): string | null {
  const [objectUrl, setObjectUrl] = useState<{ source: string; blobUrl: string } | null>(null);

  useEffect(() => {
    if (!url || !enabled) return;
    const controller = new AbortController();
    let created: string | null = null;
    api
      .fetchBlob(url, controller.signal)
      .then((blob) => {
        if (controller.signal.aborted) return;
        created = URL.createObjectURL(blob);
        setObjectUrl({ source: url, blobUrl: created });
      })
      .catch(() => {
        // A missing poster is shown as a placeholder; nothing to report.
      });
    return () => {
      controller.abort();
      if (created) URL.revokeObjectURL(created);
    };
  }, [api, url, enabled]);

  return objectUrl && objectUrl.source === url ? objectUrl.blobUrl : null;
}
