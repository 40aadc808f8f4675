import type { VolumeHeader } from '../../../electron/common/contract';
import type { PaneId } from './model/layouts';

/**
 * The volume on the three viewports, for features that draw on them (mask overlays): the
 * Cornerstone ids to attach to, and a way to re-render after changing what they show.
 */
export interface ShownVolume {
  scanId: number;
  volumeId: string;
  header: VolumeHeader;
  /** The HU voxels (x fastest); slices still streaming in hold zeros. */
  voxels: Int16Array;
  renderingEngineId: string;
  viewportIds: readonly PaneId[];
  render: () => void;
}
