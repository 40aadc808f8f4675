import type { SurfaceKindId } from './surface-settings';

/**
 * The default file of an export: beside the data folder (the backend refuses to write inside
 * it), named by scan and surface ("…/lungdesk-12-lung.stl"), in the folder's own separator.
 */
export function defaultExportPath(dataDir: string, scanId: number, kind: SurfaceKindId, format: 'stl' | 'obj' | 'gltf'): string {
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const trimmed = dataDir.replace(/[\\/]+$/, '');
  const cut = trimmed.lastIndexOf(sep);
  const parent = cut > 0 ? trimmed.slice(0, cut) : cut === 0 ? sep : trimmed;
  return `${parent.replace(/[\\/]+$/, '')}${sep}lungdesk-${scanId}-${kind}.${format}`;
}
