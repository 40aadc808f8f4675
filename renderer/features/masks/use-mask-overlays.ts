import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MaskVersionInfo, ScanSummary } from '../../../electron/common/contract';
import { api } from '../../api';
import { afterScanOpened } from '../../scan-opening';
import { toDisplayError, type DisplayError } from '../../display-error';
import { isTyping } from '../../keyboard';
import type { ShownVolume } from '../viewport';
import type { MaskJob } from './model/mask-job';
import { newVersionOf, versionToShow, versionsOf } from './model/mask-versions';
import { applyOverlayKey, maskJobKey, overlayKeyAction } from './model/overlay-keys';
import {
  DEFAULT_OVERLAY_SETTINGS,
  loadOverlaySettings,
  overlaySettingsKey,
  saveOverlaySettings,
  withLayer,
  withLungDilated,
  withLungVersion,
  type LayerSettings,
  type OverlayLayer,
  type OverlaySettings,
} from './model/overlay-settings';
import { OverlaySync, type LayerState } from './overlay-sync';
import { useMaskJob } from './use-mask-job';
import { browserStore } from '../../browser-store';

/** A finished job's version can reach the list a moment after the job's last update. */
const NEW_VERSION_TRIES = 10;
const NEW_VERSION_WAIT_MS = 250;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Mask overlays of the open scan: its mask versions, the lung and nodule overlays drawn on
 * the reading room's viewports (`shown`), their settings remembered per scan, the keys
 * (M, Shift+M, O, [, ], D) and the panel's mask job. Lives in the app, not in the panel, so the
 * overlays and keys stay while the side panel is closed.
 */
export function useMaskOverlays(scan: Pick<ScanSummary, 'id' | 'seriesInstanceUid'> | null, shown: ShownVolume | null, onError: (e: DisplayError) => void) {
  const scanId = scan?.id ?? null;
  const memoryKey = scan ? overlaySettingsKey(scan.id, scan.seriesInstanceUid) : null;

  // Settings travel with the key they belong to, so one scan's settings are never saved under another's.
  const [memory, setMemory] = useState<{ key: string | null; settings: OverlaySettings }>(() => ({
    key: memoryKey,
    settings: memoryKey ? loadOverlaySettings(browserStore(), memoryKey) : DEFAULT_OVERLAY_SETTINGS,
  }));
  let current = memory;
  if (memory.key !== memoryKey) {
    current = { key: memoryKey, settings: memoryKey ? loadOverlaySettings(browserStore(), memoryKey) : DEFAULT_OVERLAY_SETTINGS };
    setMemory(current);
  }
  const settings = current.settings;
  const memoryRef = useRef(current);
  memoryRef.current = current;

  const update = useCallback((change: (s: OverlaySettings) => OverlaySettings) => {
    const { key, settings: before } = memoryRef.current;
    const next = change(before);
    if (next === before) return;
    memoryRef.current = { key, settings: next };
    setMemory(memoryRef.current);
    if (key) saveOverlaySettings(browserStore(), key, next);
  }, []);

  const [versions, setVersions] = useState<{ scanId: number | null; list: MaskVersionInfo[] }>({ scanId: null, list: [] });
  const [loadingVersions, setLoadingVersions] = useState(false);
  const scanIdRef = useRef(scanId);
  scanIdRef.current = scanId;

  useEffect(() => {
    setVersions({ scanId, list: [] });
    if (scanId === null) return;
    let alive = true;
    const relist = (): void => {
      setLoadingVersions(true);
      api()
        .listMasks({ scanId })
        .then((list) => alive && setVersions({ scanId, list }))
        .catch((e: unknown) => alive && onError(toDisplayError(e)))
        .finally(() => alive && setLoadingVersions(false));
    };
    // The first list waits until the scan is opened (scan-opening.ts).
    void afterScanOpened(scanId).then(() => alive && relist());
    // A version saved or restored (here, in another window, or by the CLI's host) joins the list.
    const off = api().onDidChangeMaskVersions((e) => e.scanId === scanId && relist());
    return () => {
      alive = false;
      off();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scanId]);

  /** After a job: list again until its version appears, then show it. */
  const onJobSucceeded = useCallback(
    (job: MaskJob) => {
      void (async () => {
        const known = new Set(job.knownIds);
        let list: MaskVersionInfo[] = [];
        for (let i = 0; i < NEW_VERSION_TRIES; i++) {
          list = await api().listMasks({ scanId: job.scanId });
          if (newVersionOf(list, job.kind, known) || scanIdRef.current !== job.scanId) break;
          await sleep(NEW_VERSION_WAIT_MS);
        }
        if (scanIdRef.current !== job.scanId) return;
        setVersions({ scanId: job.scanId, list });
        // Show what the job made: the newest version, visible.
        update((s) => withLayer(job.kind === 'lung' ? withLungVersion(s, null) : s, job.kind, { visible: true }));
      })().catch((e: unknown) => onError(toDisplayError(e)));
    },
    [onError, update],
  );

  const maskJob = useMaskJob(scanId, onError, onJobSucceeded);

  const list = useMemo(() => (versions.scanId === scanId ? versions.list : []), [versions, scanId]);
  const lungVersion = versionToShow(list, 'lung', settings.lung.versionId, settings.lung.dilated ? 'lung-dilated' : 'lung');
  const noduleVersion = versionToShow(list, 'nodules');

  const [layerStates, setLayerStates] = useState<Record<OverlayLayer, LayerState>>({ lung: 'none', nodules: 'none' });
  const syncRef = useRef<OverlaySync | null>(null);
  const onErrorRef = useRef(onError);
  onErrorRef.current = onError;

  useEffect(() => {
    const sync = new OverlaySync(
      (layer, state) => setLayerStates((prev) => (prev[layer] === state ? prev : { ...prev, [layer]: state })),
      (e) => onErrorRef.current(e),
    );
    syncRef.current = sync;
    return () => {
      sync.dispose();
      syncRef.current = null;
    };
  }, []);

  // Versions of another scan than the one on the viewports are never drawn on it.
  const onViewports = shown !== null && versions.scanId === shown.scanId ? shown : null;
  const lungId = onViewports ? (lungVersion?.id ?? null) : null;
  const noduleId = onViewports ? (noduleVersion?.id ?? null) : null;
  useEffect(() => {
    const sync = syncRef.current;
    if (!sync) return;
    sync.style(memoryRef.current.settings);
    sync.show('lung', onViewports, lungId);
    sync.show('nodules', onViewports, noduleId);
  }, [onViewports, lungId, noduleId]);

  useEffect(() => {
    syncRef.current?.style(settings);
  }, [settings]);

  // M / Shift+M toggle the overlays, O switches fill/outline, [ and ] change the opacity, D
  // switches the lung overlay between the mask and its dilation.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target) || memoryRef.current.key === null) return;
      const action = overlayKeyAction(e);
      if (!action) return;
      e.preventDefault();
      update((s) => applyOverlayKey(s, action));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [update]);

  const setLayer = useCallback((layer: OverlayLayer, patch: Partial<LayerSettings>) => update((s) => withLayer(s, layer, patch)), [update]);
  const chooseLungVersion = useCallback((id: number | null) => update((s) => withLungVersion(s, id)), [update]);
  const setLungDilated = useCallback((on: boolean) => update((s) => withLungDilated(s, on)), [update]);
  const { start } = maskJob;
  const runJob = useCallback(
    (kind: OverlayLayer) =>
      start(
        kind,
        versionsOf(list, kind).map((v) => v.id),
      ),
    [start, list],
  );

  // K runs the lung mask, Shift+K segments the nodules, on the open scan.
  const jobKeysRef = useRef({ runJob, running: maskJob.running, open: scanId !== null });
  jobKeysRef.current = { runJob, running: maskJob.running, open: scanId !== null };
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || isTyping(e.target)) return;
      const kind = maskJobKey(e);
      const k = jobKeysRef.current;
      if (!kind || !k.open || k.running) return;
      e.preventDefault();
      k.runJob(kind);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return {
    scanId,
    versions: list,
    loadingVersions,
    settings,
    setLayer,
    chooseLungVersion,
    setLungDilated,
    lungVersion,
    noduleVersion,
    layerStates,
    job: maskJob.job,
    running: maskJob.running,
    runJob,
    cancelJob: maskJob.cancel,
  };
}

export type MaskOverlays = ReturnType<typeof useMaskOverlays>;
