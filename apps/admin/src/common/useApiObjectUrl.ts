// An object URL for a file the API serves behind the Bearer token (posters, storyboard
// sprites). A plain <img src> cannot send the Authorization header, so the file is fetched
// with the token and shown from a blob; the URL is revoked when no longer shown.
import { useEffect, useState } from 'react';
import { isAbsoluteUrl } from '../dataProvider/httpClient';
import { useReelguardDataProvider } from './useReelguard';

export interface ApiObjectUrl {
  url: string | null;
  failed: boolean;
}

/** URLs that already carry their own credential (a `token` parameter or another origin) are used as they are. */
export const needsBearer = (url: string): boolean => !isAbsoluteUrl(url) && !/[?&]token=/.test(url);

export function useApiObjectUrl(source: string | null | undefined): ApiObjectUrl {
  const dataProvider = useReelguardDataProvider();
  const [state, setState] = useState<ApiObjectUrl>({ url: null, failed: false });

  useEffect(() => {
    if (!source) {
      setState({ url: null, failed: false });
      return;
    }
    if (!needsBearer(source)) {
      setState({ url: source, failed: false });
      return;
    }
    let objectUrl: string | null = null;
    let cancelled = false;
    dataProvider
      .fetchBlob(source)
      .then(({ data }) => {
        if (cancelled || !(data instanceof Blob)) return;
        objectUrl = URL.createObjectURL(data);
        setState({ url: objectUrl, failed: false });
      })
      .catch(() => {
        if (!cancelled) setState({ url: null, failed: true });
      });
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [dataProvider, source]);

  return state;
}
