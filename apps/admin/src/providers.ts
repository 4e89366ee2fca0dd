// The browser's instances of the providers: real `fetch`, `localStorage` and XMLHttpRequest,
// and the same origin as the API (it serves this app at /admin).
import { createAuthProvider } from './authProvider';
import { createDataProvider } from './dataProvider';
import type { UploadOptions } from './dataProvider/uploadRequest';
import { createTokenStore } from './tokenStore';

const API_BASE_URL = '';

export const tokens = createTokenStore(window.localStorage);

const browserFetch = (input: string, init?: RequestInit): Promise<Response> => window.fetch(input, init);

export const authProvider = createAuthProvider({ fetch: browserFetch, tokens, baseUrl: API_BASE_URL });

export const dataProvider = createDataProvider({
  fetch: browserFetch,
  getToken: () => tokens.read(),
  baseUrl: API_BASE_URL,
});

export const uploadOptions: UploadOptions = {
  createXhr: () => new XMLHttpRequest(),
  getToken: () => tokens.read(),
  baseUrl: API_BASE_URL,
};
