// What a person reads after "Verify integrity": whether the chain holds, what it covered, and
// where it first broke.
import type { AuditVerifyResult } from '../dataProvider/apiTypes';
import { formatDateTime } from '../common/format';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

function coverage(result: AuditVerifyResult): string {
  const parts = [plural(result.checked, 'sealed digest', 'sealed digests')];
  if (result.entries !== undefined) parts.push(plural(result.entries, 'entry', 'entries'));
  return parts.join(' and ');
}

function mismatchText(mismatch: unknown): string {
  if (mismatch === null || typeof mismatch !== 'object') return String(mismatch);
  const { detail, reason, windowStart, windowEnd } = mismatch as Record<string, unknown>;
  const window =
    typeof windowStart === 'string'
      ? ` in the window from ${formatDateTime(windowStart)}${typeof windowEnd === 'string' ? ` to ${formatDateTime(windowEnd)}` : ''}`
      : '';
  const what = typeof detail === 'string' ? detail : typeof reason === 'string' ? reason : JSON.stringify(mismatch);
  return `${what}${window}`;
}

export function describeVerification(result: AuditVerifyResult): string {
  if (!result.ok) {
    const where = result.firstMismatch === undefined ? '' : ` First mismatch: ${mismatchText(result.firstMismatch)}.`;
    return `Integrity check FAILED: the trail does not match its sealed digests (${coverage(result)} checked).${where}`;
  }
  const sealed = result.sealedThrough ? ` Sealed through ${formatDateTime(result.sealedThrough)}.` : '';
  const pending = result.unsealed
    ? ` ${plural(result.unsealed, 'newer entry is', 'newer entries are')} not sealed yet.`
    : '';
  return `Integrity verified: ${coverage(result)} checked, the chain is intact.${sealed}${pending}`;
}
