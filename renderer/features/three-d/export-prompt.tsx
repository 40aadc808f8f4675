import { useEffect, useState } from 'react';
import type { SurfaceFileFormat } from '../../../electron/common/contract';
import { api } from '../../api';
import { toDisplayError } from '../../display-error';
import { defaultExportPath } from './model/export-path';
import { SURFACE_LABELS, type SurfaceKindId } from './model/surface-settings';

/**
 * Asks where to write a surface (an absolute path; the backend checks it) and writes it with
 * exportSurface: binary STL by default, OBJ or glTF, in world LPS mm.
 */
export function ExportPrompt({
  scanId,
  kinds,
  request,
  onClose,
}: {
  scanId: number;
  /** The surfaces shown, the first the default. */
  kinds: readonly SurfaceKindId[];
  request: (kind: SurfaceKindId) => { thresholdHu?: number; maskId?: number };
  onClose: () => void;
}) {
  const [kind, setKind] = useState<SurfaceKindId>(kinds[0] ?? 'lung');
  const [format, setFormat] = useState<SurfaceFileFormat>('stl');
  const [dataDir, setDataDir] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [edited, setEdited] = useState(false);
  const [state, setState] = useState<{ busy: boolean; message: string | null; bad: boolean }>({ busy: false, message: null, bad: false });

  useEffect(() => {
    api()
      .getAppInfo({})
      .then((info) => setDataDir(info.dataDir))
      .catch(() => setDataDir(''));
  }, []);
  useEffect(() => {
    if (!edited && dataDir !== null) setPath(defaultExportPath(dataDir, scanId, kind, format));
  }, [dataDir, scanId, kind, format, edited]);

  const save = (): void => {
    setState({ busy: true, message: 'Writing…', bad: false });
    api()
      .exportSurface({ scanId, kind, ...request(kind), format, outPath: path })
      .then((r) => setState({ busy: false, message: `Wrote ${r.path} (${r.triangles.toLocaleString()} triangles, ${(r.bytes / 1e6).toFixed(1)} MB)`, bad: false }))
      .catch((e: unknown) => setState({ busy: false, message: toDisplayError(e).message, bad: true }));
  };

  return (
    <form
      className="three-d-export"
      data-testid="three-d-export"
      onPointerDown={(e) => e.stopPropagation()}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <select value={kind} onChange={(e) => setKind(e.target.value as SurfaceKindId)} aria-label="Surface to export">
        {kinds.map((k) => (
          <option key={k} value={k}>
            {SURFACE_LABELS[k]}
          </option>
        ))}
      </select>
      <select value={format} onChange={(e) => setFormat(e.target.value as SurfaceFileFormat)} aria-label="File format">
        <option value="stl">STL (binary)</option>
        <option value="obj">OBJ</option>
        <option value="gltf">glTF</option>
      </select>
      <input
        autoFocus
        type="text"
        value={path}
        data-testid="three-d-export-path"
        aria-label="File to write (absolute path)"
        onChange={(e) => {
          setEdited(true);
          setPath(e.target.value);
        }}
      />
      <button type="submit" className="btn" disabled={state.busy || path.trim() === ''} data-testid="three-d-export-save">
        Save
      </button>
      <button type="button" className="btn" onClick={onClose}>
        Close
      </button>
      {state.message ? (
        <span className={state.bad ? 'bad' : 'muted'} data-testid="three-d-export-result" role="status">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
