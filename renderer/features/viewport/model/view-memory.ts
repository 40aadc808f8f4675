import { isLayoutId, type LayoutId, type PaneId } from './layouts';
import { parseSlab, type SlabSettings } from './slab-mip';
import { loadScanMemory, saveScanMemory, scanMemoryKey, storedObject, type KeyValueStore } from '../../../scan-memory';

/** What the reading room remembers per scan between openings. */
export interface ViewMemory {
  layout: LayoutId;
  window: { name: string; width: number; level: number };
  inverted: boolean;
  /** The crosshair point (LPS mm), or null when none was set. */
  cross: [number, number, number] | null;
  /** Each view's focal point (its slice and pan) and zoom. */
  cameras: Partial<Record<PaneId, { focalPoint: [number, number, number]; parallelScale: number }>>;
  /** Slab MIP on/off and thickness; absent in memories from before it existed. */
  slab?: SlabSettings;
}

const PREFIX = 'lungdesk.view.v1.';

/** Storage key of one scan: its id and series UID (a re-index may reuse ids). */
export function viewMemoryKey(scanId: number, seriesUid: string): string {
  return scanMemoryKey(PREFIX, scanId, seriesUid);
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A finite 3-vector, or null. */
function point3(v: unknown): [number, number, number] | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [a, b, c] = v as unknown[];
  return finite(a) && finite(b) && finite(c) ? [a, b, c] : null;
}

/** Parses a stored value; anything malformed (old format, hand-edited) gives null. */
export function parseViewMemory(text: string | null): ViewMemory | null {
  const o = storedObject(text);
  if (!o) return null;
  const w = o.window as Record<string, unknown> | undefined;
  if (!isLayoutId(o.layout) || typeof w !== 'object' || w === null) return null;
  if (typeof w.name !== 'string' || !finite(w.width) || !(w.width > 0) || !finite(w.level)) return null;
  let cross: ViewMemory['cross'] = null;
  if (o.cross !== null && o.cross !== undefined) {
    cross = point3(o.cross);
    if (!cross) return null;
  }
  const cameras: ViewMemory['cameras'] = {};
  const rawCameras = typeof o.cameras === 'object' && o.cameras !== null ? (o.cameras as Record<string, unknown>) : {};
  for (const id of ['axial', 'coronal', 'sagittal'] as const) {
    const c = rawCameras[id] as { focalPoint?: unknown; parallelScale?: unknown } | undefined;
    // A broken camera entry is dropped alone: the rest of the memory is still good.
    const focalPoint = c ? point3(c.focalPoint) : null;
    if (!c || !focalPoint || !finite(c.parallelScale)) continue;
    cameras[id] = { focalPoint, parallelScale: c.parallelScale };
  }
  const slab = parseSlab(o.slab);
  return { layout: o.layout, window: { name: w.name, width: w.width, level: w.level }, inverted: o.inverted === true, cross, cameras, ...(slab ? { slab } : {}) };
}

export function loadViewMemory(store: KeyValueStore | null, key: string): ViewMemory | null {
  return loadScanMemory(store, key, parseViewMemory, null);
}

export function saveViewMemory(store: KeyValueStore | null, key: string, memory: ViewMemory): void {
  saveScanMemory(store, key, memory);
}
