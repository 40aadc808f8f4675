import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Lesion, MaskJournalEntry, MaskLabel } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError, type DisplayError } from '../../display-error';
import type { PaneId, ShownVolume } from '../viewport';
import { EditSession, type EditSource } from './edit-session';
import { EditorPointer } from './editor-pointer';
import type { MaskOpId, ToolId } from './model/editor-commands';
import { axialDiameters, labelBoxes, type AxialDiameters } from './model/label-stats';
import { labelsToSave, sessionLabels, valuesPresent } from './model/session-labels';
import { isKernelAborted } from './kernel-runner';
import { runMaskOp } from './tools/mask-ops';
import { DEFAULT_PARAMS, TOOLS, type ToolContext, type ToolParams } from './tools';
import { useEditorKeys } from './use-editor-keys';
import { useMaskJournal } from './use-mask-journal';

/** What to edit: a saved version, or a new empty mask of a kind. */
export type EditTarget = { versionId: number; kind: string } | { versionId: null; kind: string };

/** Voxels per label now, recounted a moment after the last write (a full pass over the grid). */
const RECOUNT_MS = 200;

/**
 * The mask editor of the open scan: which mask is edited (an `EditSession` on the shown
 * volume), the active tool and its settings, the label painted and the locks, undo / redo,
 * save with a note (the saved version becomes the parent), the journal of unsaved strokes and
 * the keys. The reading room gets `pointer` and hands it left presses while a tool is active.
 */
export function useMaskEditor(shown: ShownVolume | null, lesions: readonly Lesion[], onError: (e: DisplayError) => void) {
  const [session, setSession] = useState<EditSession | null>(null);
  const sessionRef = useRef<EditSession | null>(null);
  sessionRef.current = session;
  const [labels, setLabels] = useState<MaskLabel[]>([]);
  const [activeLabel, setActiveLabel] = useState(1);
  const [locked, setLocked] = useState<ReadonlySet<number>>(new Set());
  const [toolId, setToolId] = useState<ToolId | null>(null);
  const [params, setParams] = useState<ToolParams>(DEFAULT_PARAMS);
  const [rev, setRev] = useState(0);
  const [figures, setFigures] = useState<LabelFigures>({ counts: [], diameters: new Map() });
  const [hoverHu, setHoverHu] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [savePrompt, setSavePrompt] = useState(false);
  const [savedTick, setSavedTick] = useState(0);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  const live = useRef({ toolId, params, activeLabel, locked, shown });
  live.current = { toolId, params, activeLabel, locked, shown };

  const pointer = useMemo(
    () =>
      new EditorPointer({
        session: () => sessionRef.current,
        tool: () => (live.current.toolId ? (TOOLS[live.current.toolId] ?? null) : null),
        context: (pane: PaneId) => contextOf(sessionRef.current, pane, live.current.activeLabel, live.current.params),
        locked: () => live.current.locked,
        hoverHu: (hu) => setHoverHu(hu),
      }),
    [],
  );
  useEffect(() => () => pointer.dispose(), [pointer]);

  // Re-read the buffer (undo depth, dirty) on every write; recount the labels a moment after.
  useEffect(() => {
    if (!session) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const recount = (): void => setFigures(figuresOf(session));
    recount();
    const off = session.subscribe(() => {
      // Mid-stroke writes only reach the screen (the labelmap); React reads the buffer once
      // the stroke ends, so a drag does not re-render the app at mouse rate.
      if (session.buffer.inStroke) return;
      // A transition: the app's re-render (~40 ms of the reading room) yields to the frame
      // that shows the edit's ink, instead of running before it.
      startTransition(() => setRev((r) => r + 1));
      if (timer) clearTimeout(timer);
      timer = setTimeout(recount, RECOUNT_MS);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [session]);

  const close = useCallback(() => {
    pointer.clear();
    setToolId(null);
    const s = sessionRef.current;
    sessionRef.current = null;
    s?.dispose();
    setSession(null);
    setLabels([]);
  }, [pointer]);

  // The volume left (another scan, or none): the session goes with it.
  const shownKey = shown ? `${shown.scanId}#${shown.volumeId}` : null;
  useEffect(() => {
    const s = sessionRef.current;
    if (s && (!shown || s.shown.volumeId !== shown.volumeId)) close();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownKey]);
  useEffect(() => () => sessionRef.current?.dispose(), []);

  /** Opens a mask for editing (the volume on the viewports must be the scan's). Resolves with the session. */
  const open = useCallback(
    async (target: EditTarget, declared: readonly MaskLabel[] = []): Promise<EditSession | null> => {
      const sh = live.current.shown;
      if (!sh) return null;
      const n = sh.header.dims[0] * sh.header.dims[1] * sh.header.dims[2];
      let bytes: Uint8Array;
      if (target.versionId !== null) {
        const mask = await api().getMask({ maskId: target.versionId });
        if (mask.voxels.length !== n) throw new Error(`mask ${target.versionId} has ${mask.voxels.length} voxels, the scan ${n}`);
        bytes = new Uint8Array(mask.voxels);
      } else bytes = new Uint8Array(n);
      if (live.current.shown?.volumeId !== sh.volumeId) return null;
      const ls = sessionLabels(target.kind, declared, valuesPresent(bytes), lesions);
      const source: EditSource = { scanId: sh.scanId, parentId: target.versionId, kind: target.kind, labels: ls };
      sessionRef.current?.dispose();
      const s = new EditSession(sh, source, bytes);
      sessionRef.current = s;
      setSession(s);
      setLabels(ls);
      setActiveLabel(ls[0]?.value ?? 1);
      setLocked(new Set());
      return s;
    },
    [lesions],
  );

  const openOrReport = useCallback(
    (target: EditTarget, declared?: readonly MaskLabel[]) => {
      open(target, declared).catch((e: unknown) => onErrorRef.current(toDisplayError(e)));
    },
    [open],
  );

  const chooseTool = useCallback(
    (id: ToolId | null) => {
      if (!sessionRef.current) return;
      const next = id === live.current.toolId ? null : id;
      if (next && TOOLS[next]) setParams((p) => ({ ...p, ...TOOLS[next]!.defaults }));
      if (!next) pointer.clear();
      setToolId(next && TOOLS[next] ? next : null);
    },
    [pointer],
  );

  const undo = useCallback(() => sessionRef.current?.undo(), []);
  const redo = useCallback(() => sessionRef.current?.redo(), []);

  // A whole-mask operation runs off the main thread; strokes wait for it (its edit is computed
  // on the labels as they were when it started), and Esc or Cancel stops it.
  const [running, setRunning] = useState<MaskOpId | null>(null);
  const opAbort = useRef<AbortController | null>(null);
  const runOp = useCallback((op: MaskOpId) => {
    const s = sessionRef.current;
    if (!s || opAbort.current) return;
    const { activeLabel: label, params: p, locked: lk } = live.current;
    const ctx = contextOf(s, 'axial', label, p);
    if (!ctx) return;
    const abort = new AbortController();
    opAbort.current = abort;
    setRunning(op);
    runMaskOp(op, ctx, abort.signal)
      .then((edit) => {
        if (sessionRef.current === s && !abort.signal.aborted) s.apply(edit, op, lk);
      })
      .catch((e: unknown) => {
        if (!isKernelAborted(e)) onErrorRef.current(toDisplayError(e));
      })
      .finally(() => {
        opAbort.current = null;
        setRunning(null);
      });
  }, []);
  const cancelOp = useCallback(() => opAbort.current?.abort(), []);
  useEffect(() => () => opAbort.current?.abort(), [session]);

  /** Saves the edits as a new version with `note`; it becomes the parent of further edits. */
  const save = useCallback(async (note: string): Promise<boolean> => {
    const s = sessionRef.current;
    if (!s) return false;
    setSaving(true);
    try {
      const detail = await api().saveMaskVersion({
        scanId: s.source.scanId,
        parentId: s.source.parentId,
        kind: s.source.kind,
        note,
        tools: [...s.buffer.toolsUsed()],
        labels: labelsToSave(s.source.labels, valuesPresent(s.labels)),
        change: s.buffer.changeAgainstParent(),
      });
      s.source.parentId = detail.id;
      s.buffer.rebase();
      await api().discardMaskJournal({ scanId: s.source.scanId }).catch(() => {});
      setRev((r) => r + 1);
      setSavedTick((t) => t + 1);
      setSavePrompt(false);
      return true;
    } catch (e) {
      onErrorRef.current(toDisplayError(e));
      return false;
    } finally {
      setSaving(false);
    }
  }, []);

  const setLabelsAll = useCallback((next: MaskLabel[]) => {
    const s = sessionRef.current;
    if (!s) return;
    s.source.labels = next;
    setLabels(next);
    s.recolour(next);
  }, []);

  const toggleLock = useCallback((value: number) => setLocked((prev) => {
    const next = new Set(prev);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    return next;
  }), []);

  const stepLabel = useCallback((step: 1 | -1) => {
    setLabels((ls) => {
      setActiveLabel((cur) => {
        const i = ls.findIndex((l) => l.value === cur);
        return ls[(i + step + ls.length) % Math.max(1, ls.length)]?.value ?? cur;
      });
      return ls;
    });
  }, []);

  const journal = useMaskJournal(session, rev, shown?.scanId ?? null, onError);

  /** Keeps a journal's strokes: opens its parent (or an empty mask) and writes them back. */
  const keepJournal = useCallback(
    async (entry: MaskJournalEntry) => {
      const s = await open(entry.parentId !== null ? { versionId: entry.parentId, kind: entry.kind } : { versionId: null, kind: entry.kind }, entry.labels);
      if (!s) return;
      s.applyRuns(entry.change, entry.tools[0] ?? 'journal');
      journal.dismissOffer();
    },
    [open, journal],
  );

  const dirty = session?.buffer.dirty ?? false;
  useEditorKeys({
    active: session !== null,
    toolActive: toolId !== null,
    running: running !== null,
    cancelOp,
    cancelGesture: () => pointer.cancel(),
    canUndo: session?.buffer.canUndo ?? false,
    chooseTool,
    runOp,
    undo,
    redo,
    askSave: () => sessionRef.current && setSavePrompt(true),
    stepSize: (step) => setParams((p) => ({ ...p, brushMm: clampBrush(p.brushMm + step * brushStep(p.brushMm)) })),
    stepLabel,
  });

  void rev;
  return {
    session,
    editing: session !== null,
    labels,
    activeLabel,
    setActiveLabel,
    setLabels: setLabelsAll,
    locked,
    toggleLock,
    toolId,
    chooseTool,
    params,
    setParams,
    counts: figures.counts,
    diameters: figures.diameters,
    hoverHu,
    pointer: toolId && !running ? pointer : null,
    open: openOrReport,
    close,
    undo,
    redo,
    runOp,
    running,
    cancelOp,
    canUndo: session?.buffer.canUndo ?? false,
    canRedo: session?.buffer.canRedo ?? false,
    undoDepth: session?.buffer.undoDepth ?? 0,
    dirty,
    changedVoxels: session?.buffer.changedVoxels ?? 0,
    /** Bytes the undo / redo history holds (bench:viewer reads it from the bar). */
    historyBytes: session?.buffer.bytesUsed() ?? 0,
    savePrompt,
    setSavePrompt,
    save,
    saving,
    savedTick,
    journal,
    keepJournal,
  };
}

export type MaskEditor = ReturnType<typeof useMaskEditor>;

function contextOf(s: EditSession | null, pane: PaneId, label: number, params: ToolParams): ToolContext | null {
  if (!s) return null;
  const h = s.shown.header;
  return {
    grid: { dims: h.dims, spacing: [h.spacing[0]!, h.spacing[1]!, h.spacing[2]!], labels: s.labels },
    hu: { dims: h.dims, hu: s.shown.voxels },
    label,
    axis: pane,
    params,
  };
}

/** Per label: voxels (index = value), and for nodule labels the longest axial diameter and its perpendicular. */
export interface LabelFigures {
  counts: number[];
  diameters: ReadonlyMap<number, AxialDiameters>;
}

function figuresOf(s: EditSession): LabelFigures {
  const labels = s.labels;
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const h = s.shown.header;
  const grid = { dims: h.dims, spacing: [h.spacing[0]!, h.spacing[1]!, h.spacing[2]!] as const, labels };
  const nodules = s.source.labels.filter((l) => l.kind === 'nodule' && (counts[l.value] ?? 0) > 0);
  const diameters = new Map<number, AxialDiameters>();
  if (nodules.length > 0) {
    const boxes = labelBoxes(grid);
    for (const l of nodules) {
      const d = axialDiameters(grid, l.value, boxes.get(l.value));
      if (d) diameters.set(l.value, d);
    }
  }
  return { counts, diameters };
}

const clampBrush = (mm: number): number => Math.min(100, Math.max(1, Math.round(mm * 2) / 2));
const brushStep = (mm: number): number => (mm < 5 ? 0.5 : mm < 20 ? 1 : 5);
