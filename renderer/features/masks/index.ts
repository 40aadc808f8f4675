export { MaskPanel } from './mask-panel';
export { useMaskOverlays, type MaskOverlays } from './use-mask-overlays';
export { MASK_JOB_COMMANDS, OVERLAY_COMMANDS, applyOverlayKey, overlayKeyAction, type OverlayKeyAction } from './model/overlay-keys';
export {
  DEFAULT_OVERLAY_SETTINGS,
  loadOverlaySettings,
  overlaySettingsKey,
  parseOverlaySettings,
  saveOverlaySettings,
  type LayerSettings,
  type OverlayLayer,
  type OverlaySettings,
  type OverlayStyle,
} from './model/overlay-settings';
export { addEditableLabelmap, labelmapSlicesModified, removeLabelmapOverlay, type LabelmapOverlay } from './labelmap-overlay';
