// Typed access to the data provider's custom methods from components. Calls go through
// react-admin's proxy, so a 401 from any of them signs out like CRUD calls do.
import { useDataProvider } from 'react-admin';
import type { ReelguardDataProvider } from '../dataProvider';

export const useReelguardDataProvider = (): ReelguardDataProvider => useDataProvider<ReelguardDataProvider>();

/** The message of an error from the API (or anything thrown), for a notification. */
export function errorMessage(error: unknown, fallback = 'Something went wrong. Try again.'): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return fallback;
}
