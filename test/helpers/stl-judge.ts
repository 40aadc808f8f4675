// Reads a binary STL with /usr/bin/python3 and numpy (struct parse, nothing of ours): the
// independent judge of the surface tests. Reports triangles, the undirected edges not used by
// exactly two triangles after welding identical vertex positions, the bounding box, and the
// enclosed volume by the divergence theorem (sum of signed tetrahedra to the origin).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { PYTHON } from '../phantom/python-oracle';

export function numpyMissing(): string | null {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  return r.status === 0 ? null : `${PYTHON} lacks numpy`;
}

export interface StlJudgement {
  header: string;
  triangles: number;
  vertices: number;
  badEdges: number;
  min: [number, number, number];
  max: [number, number, number];
  volume: number;
}

const SCRIPT = String.raw`
import json, struct, sys
import numpy as np
data = open(sys.argv[1], 'rb').read()
header = data[:80].decode('latin1').rstrip()
(n,) = struct.unpack_from('<I', data, 80)
assert len(data) == 84 + 50 * n, 'size disagrees with the triangle count'
rec = np.frombuffer(data, dtype=np.dtype([('n', '<f4', 3), ('v', '<f4', (3, 3)), ('a', '<u2')]), count=n, offset=84)
tri = rec['v'].astype(np.float64)
flat = rec['v'].reshape(-1, 3)
uniq, inv = np.unique(flat.view(np.dtype((np.void, 12))), return_inverse=True)
f = inv.reshape(-1, 3)
e = np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]])
e.sort(axis=1)
_, counts = np.unique(e, axis=0, return_counts=True)
a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
vol = float(np.einsum('ij,ij->i', a, np.cross(b, c)).sum() / 6.0)
print(json.dumps({'header': header, 'triangles': int(n), 'vertices': int(len(uniq)), 'badEdges': int((counts != 2).sum()),
  'min': flat.min(axis=0).astype(float).tolist(), 'max': flat.max(axis=0).astype(float).tolist(), 'volume': vol}))
`;

export function judgeStl(file: string): StlJudgement {
  const r = spawnSync(PYTHON, ['-c', SCRIPT, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`stl judge failed on ${file}: ${r.stderr}`);
  return JSON.parse(r.stdout) as StlJudgement;
}
