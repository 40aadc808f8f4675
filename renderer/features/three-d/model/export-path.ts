import type { SurfaceKindId } from './surface-settings';

/** The default file of an export: the data folder, the scan and the surface ("…/lungdesk-12-lung.stl"), in the folder's own separator. */
export function defaultExportPath(dataDir: string, scanId: number, kind: SurfaceKindId, format: 'stl' | 'obj' | 'gltf'): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}lungdesk-${scanId}-${kind}.${format}`;
}
