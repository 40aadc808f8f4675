import type { ReactNode } from 'react';
import type { MaskVersionInfo } from '../../../electron/common/contract';
import { isRunning, jobDetailText, jobFraction, jobStatusText, jobTitle, type MaskJob } from './model/mask-job';
import { layerOfKind, versionLabel, versionsOf } from './model/mask-versions';
import type { LayerSettings, OverlayLayer } from './model/overlay-settings';
import type { LayerState } from './overlay-sync';
import type { MaskOverlays } from './use-mask-overlays';

const LAYER_TITLES: Record<OverlayLayer, string> = { lung: 'Lung (M)', nodules: 'Nodules (Shift+M)' };
const STATE_TEXT: Record<LayerState, string> = { none: '', loading: 'loading…', shown: '', error: 'could not be shown' };

/**
 * Mask overlays of the open scan: run the lung-mask or nodule job and follow it, pick the lung
 * version, and set each overlay's visibility, opacity, fill/outline and colour. State lives in
 * `useMaskOverlays` (the app holds it); this only draws it.
 */
export function MaskPanel({ masks }: { masks: MaskOverlays }) {
  const { scanId, job, running } = masks;
  const noScan = scanId === null;
  return (
    <div
      className="mask-panel"
      data-testid="mask-panel"
      data-lung-state={masks.layerStates.lung}
      data-nodules-state={masks.layerStates.nodules}
      style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
    >
      <div className="toolbar" style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        <button type="button" className="btn" data-testid="mask-run-lung" disabled={noScan || running} onClick={() => masks.runJob('lung')} title="K: the seed's 3D lung mask (filled) and its 5 mm dilation, in a worker job">
          Run lung mask
        </button>
        <button
          type="button"
          className="btn"
          data-testid="mask-run-nodules"
          disabled={noScan || running}
          onClick={() => masks.runJob('nodules')}
          title="Shift+K: segments the scan's annotated nodules, inside the newest lung mask when there is one"
        >
          Segment nodules
        </button>
      </div>
      {noScan ? <p className="muted">Open a scan to compute or show its masks.</p> : null}
      {job ? <JobRow job={job} onCancel={masks.cancelJob} /> : null}
      {noScan ? null : (
        <>
          <LayerControls
            layer="lung"
            settings={masks.settings.lung}
            state={masks.layerStates.lung}
            version={masks.lungVersion}
            onChange={(patch) => masks.setLayer('lung', patch)}
          >
            <label className="check" title="W: show the dilated lung mask (the DSB2017 preprocessing's margin that keeps nodules on the pleura inside) instead of the mask itself">
              <input type="checkbox" data-testid="mask-lung-dilated" checked={masks.settings.lung.dilated} onChange={(e) => masks.setLungDilated(e.target.checked)} /> dilated
            </label>
            <select
              data-testid="mask-lung-version"
              aria-label="Lung mask version"
              value={masks.settings.lung.versionId !== null && masks.lungVersion?.id === masks.settings.lung.versionId ? masks.settings.lung.versionId : ''}
              onChange={(e) => masks.chooseLungVersion(e.target.value === '' ? null : Number(e.target.value))}
              disabled={versionsOf(masks.versions, 'lung').length === 0}
            >
              <option value="">{masks.settings.lung.dilated ? 'newest dilated' : 'newest'}</option>
              {versionsOf(masks.versions, 'lung').map((v) => (
                <option key={v.id} value={v.id}>
                  {versionLabel(v)}
                </option>
              ))}
            </select>
          </LayerControls>
          <LayerControls
            layer="nodules"
            settings={masks.settings.nodules}
            state={masks.layerStates.nodules}
            version={masks.noduleVersion}
            onChange={(patch) => masks.setLayer('nodules', patch)}
          />
          <VersionList versions={masks.versions} loading={masks.loadingVersions} shownIds={[masks.lungVersion?.id, masks.noduleVersion?.id]} />
        </>
      )}
    </div>
  );
}

/** The panel's job: its bar (data-testid="job-progress"), status, stage or error, and Cancel while it runs. */
function JobRow({ job, onCancel }: { job: MaskJob; onCancel: () => void }) {
  const fraction = jobFraction(job);
  const title = jobTitle(job.kind);
  return (
    <div className={`job job--${job.state?.status ?? 'queued'}`} data-testid="mask-job" data-kind={job.kind} data-status={job.state?.status ?? 'starting'}>
      <div className="job__title">
        <span>{title}</span>
        <span className="muted">{jobStatusText(job)}</span>
      </div>
      {/* No value while nothing is reported: the bar is indeterminate. */}
      <progress data-testid="job-progress" max={1} value={fraction ?? undefined} aria-label={`${title} progress`} />
      <div className="job__stage muted">{jobDetailText(job)}</div>
      {isRunning(job) ? (
        <button type="button" className="btn" data-testid="mask-job-cancel" onClick={onCancel} disabled={job.jobId === null}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

function LayerControls({
  layer,
  settings,
  state,
  version,
  onChange,
  children,
}: {
  layer: OverlayLayer;
  settings: LayerSettings;
  state: LayerState;
  version: MaskVersionInfo | null;
  onChange: (patch: Partial<LayerSettings>) => void;
  children?: ReactNode;
}) {
  const id = (what: string): string => `mask-${layer}-${what}`;
  return (
    <fieldset
      className="mask-layer"
      data-testid={`mask-layer-${layer}`}
      data-visible={settings.visible ? 'true' : 'false'}
      data-style={settings.style}
      data-opacity={settings.opacity}
      data-state={state}
      data-mask-id={version?.id ?? ''}
      data-mask-kind={version?.kind ?? ''}
      style={{ border: '1px solid var(--line)', borderRadius: 4, padding: '4px 8px', margin: 0, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}
    >
      <legend className="muted">{LAYER_TITLES[layer]}</legend>
      <label className="check">
        <input type="checkbox" data-testid={id('visible')} checked={settings.visible} onChange={(e) => onChange({ visible: e.target.checked })} /> show
      </label>
      <label className="check" title="[ and ] change the opacity of the shown overlays">
        opacity
        <input
          type="range"
          data-testid={id('opacity')}
          min={0}
          max={1}
          step={0.05}
          value={settings.opacity}
          onChange={(e) => onChange({ opacity: Number(e.target.value) })}
          style={{ width: 80 }}
        />
      </label>
      <label className="check" title="O switches fill and outline of the shown overlays">
        <select data-testid={id('style')} value={settings.style} onChange={(e) => onChange({ style: e.target.value === 'outline' ? 'outline' : 'fill' })}>
          <option value="fill">fill</option>
          <option value="outline">outline</option>
        </select>
      </label>
      <label className="check">
        colour
        <input type="color" data-testid={id('color')} value={settings.color} onChange={(e) => onChange({ color: e.target.value })} />
      </label>
      {children}
      <span className="muted" data-testid={id('status')}>
        {version ? STATE_TEXT[state] : 'no mask yet'}
      </span>
    </fieldset>
  );
}

function VersionList({ versions, loading, shownIds }: { versions: readonly MaskVersionInfo[]; loading: boolean; shownIds: readonly (number | undefined)[] }) {
  const own = versions.filter((v) => layerOfKind(v.kind) !== null);
  return (
    <div>
      <h3>Versions</h3>
      {loading && own.length === 0 ? <p className="muted">Loading…</p> : null}
      {!loading && own.length === 0 ? <p className="muted">No masks yet: run a job above.</p> : null}
      <ul data-testid="mask-versions" style={{ listStyle: 'none', margin: 0, padding: 0, fontSize: 12 }}>
        {own.map((v) => (
          <li key={v.id} data-testid="mask-version" data-mask-id={v.id} data-kind={v.kind} title={v.reason}>
            {versionLabel(v)}
            {shownIds.includes(v.id) ? <span className="muted"> · shown</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
