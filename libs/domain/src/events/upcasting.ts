// Turns stored event payloads written by older releases into the shape this release reads, one
// version step at a time, so old streams replay without rewriting the store.

export type EventPayload = Record<string, unknown>;

/** Rewrites a payload of version N into version N + 1. */
export type UpcastStep = (data: EventPayload) => EventPayload;

/** Per event type, the step that leaves each old version (keyed by the version it reads). */
export type UpcastSteps = Readonly<Record<string, Readonly<Record<number, UpcastStep>>>>;

export type Upcaster = (type: string, version: number, data: unknown) => { version: number; data: EventPayload };

export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

export function buildUpcaster(currentVersions: ReadonlyMap<string, number>, steps: UpcastSteps): Upcaster {
  return (type, version, data) => {
    const current = currentVersions.get(type);
    if (current === undefined) throw new UpcastError(`Unknown event type "${type}".`);
    if (!Number.isInteger(version) || version < 1) {
      throw new UpcastError(`${type}: stored version ${String(version)} is not a positive integer.`);
    }
    // A newer release wrote it; reading it with older rules would silently misread it.
    if (version > current) {
      throw new UpcastError(`${type} v${version} is newer than this release understands (v${current}).`);
    }
    if (!isPayload(data)) throw new UpcastError(`${type} v${version}: payload is not a JSON object.`);

    let payload = data;
    const stepsForType = Object.hasOwn(steps, type) ? steps[type] : undefined;
    for (let from = version; from < current; from += 1) {
      const step = stepsForType && Object.hasOwn(stepsForType, from) ? stepsForType[from] : undefined;
      if (!step) throw new UpcastError(`${type}: no upcast from v${from} to v${from + 1}.`);
      payload = step(payload);
    }
    return { version: current, data: payload };
  };
}

function isPayload(value: unknown): value is EventPayload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
