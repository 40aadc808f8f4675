import type { MaskVersionInfo } from '../../../electron/common/contract';
import { CLIP_MODES, type ClipMode } from './model/clip-plane';
import { SURFACE_KINDS, SURFACE_LABELS, withSurface, type SurfaceKindId, type ThreeDSettings } from './model/surface-settings';
import type { SurfaceSlots } from './use-surfaces';

/** Per-surface visibility, colour and opacity, the mask version, bone's HU and the clipping plane. */
export function SurfacePanel({
  settings,
  update,
  slots,
  maskVersions,
}: {
  settings: ThreeDSettings;
  update: (change: (s: ThreeDSettings) => ThreeDSettings) => void;
  slots: SurfaceSlots;
  maskVersions: readonly MaskVersionInfo[];
}) {
  const row = (kind: SurfaceKindId) => {
    const look = settings.surfaces[kind];
    const slot = slots[kind];
    return (
      <div className="three-d-panel__row" key={kind} data-testid={`surface-row-${kind}`}>
        <label>
          <input type="checkbox" checked={look.visible} data-testid={`surface-visible-${kind}`} onChange={(e) => update((s) => withSurface(s, kind, { visible: e.target.checked }))} />
          {SURFACE_LABELS[kind]}
        </label>
        {kind === 'nodules' ? (
          <span className="muted" title="Lesions take their review decision's colour, as in the lesion list">by decision</span>
        ) : (
          <input type="color" value={look.color} aria-label={`${SURFACE_LABELS[kind]} colour`} onChange={(e) => update((s) => withSurface(s, kind, { color: e.target.value }))} />
        )}
        <input type="range" min={0.05} max={1} step={0.05} value={look.opacity} aria-label={`${SURFACE_LABELS[kind]} opacity`} onChange={(e) => update((s) => withSurface(s, kind, { opacity: Number(e.target.value) }))} />
        <span className="muted three-d-panel__state">{slot?.status === 'loading' ? 'meshing…' : slot?.surface ? `${(slot.surface.triangles / 1000).toFixed(0)}k △` : ''}</span>
      </div>
    );
  };
  return (
    <div className="three-d-panel" data-testid="three-d-panel" onPointerDown={(e) => e.stopPropagation()}>
      {SURFACE_KINDS.filter((k) => k !== 'mask').map(row)}
      {maskVersions.length > 0 ? (
        <>
          {row('mask')}
          <select
            aria-label="Mask version to draw"
            data-testid="surface-mask-version"
            value={settings.maskId ?? ''}
            onChange={(e) => update((s) => ({ ...withSurface(s, 'mask', { visible: e.target.value !== '' }), maskId: e.target.value ? Number(e.target.value) : null }))}
          >
            <option value="">(no mask version)</option>
            {maskVersions.map((v) => (
              <option key={v.id} value={v.id}>
                #{v.id} {v.kind} · {v.reason}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <label className="three-d-panel__row">
        Bone HU
        <input
          type="number"
          min={-1200}
          max={3000}
          step={50}
          value={settings.boneHu}
          style={{ width: 64 }}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v >= -1200 && v <= 3000) update((s) => ({ ...s, boneHu: v }));
          }}
        />
      </label>
      <label className="three-d-panel__row">
        Clip (C)
        <select value={settings.clip} data-testid="three-d-clip" onChange={(e) => update((s) => ({ ...s, clip: e.target.value as ClipMode }))}>
          {CLIP_MODES.map((m) => (
            <option key={m} value={m}>
              {m === 'off' ? 'off' : `${m} slice`}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
