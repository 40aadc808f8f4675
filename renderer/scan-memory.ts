/**
 * What features remember per scan between openings (view, overlays), in Web Storage: one
 * key scheme and one load / save that never throw, so remembering stays a convenience.
 */

/** The slice of Web Storage this needs (injected so tests use a Map). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Storage key of one scan under a feature's prefix: its id and series UID (a re-index may reuse ids). */
export function scanMemoryKey(prefix: string, scanId: number, seriesUid: string): string {
  return `${prefix}${scanId}.${seriesUid}`;
}

/** Stored text as a JSON object, or null when there is none or it is not a JSON object (parsers then fall back). */
export function storedObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** The parsed stored text, or `fallback` when nothing is stored, it does not parse, or storage is denied. */
export function loadScanMemory<T>(store: KeyValueStore | null, key: string, parse: (text: string | null) => T | null, fallback: T): T {
  try {
    return parse(store?.getItem(key) ?? null) ?? fallback;
  } catch {
    return fallback; // storage disabled or denied
  }
}

export function saveScanMemory(store: KeyValueStore | null, key: string, value: unknown): void {
  try {
    store?.setItem(key, JSON.stringify(value));
  } catch {
    // quota or disabled storage: remembering is a convenience, never an error
  }
}
