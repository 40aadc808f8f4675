import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SurfaceCache, type CachedSurface } from '../../../../electron/app/surfaces/surface-cache';

function surface(n: number): CachedSurface {
  const positions = new Uint8Array(new Float32Array([n, 0, 0, 0, n, 0, 0, 0, n]).buffer);
  return {
    positions,
    normals: new Uint8Array(new Float32Array(9).fill(0.5).buffer),
    indices: new Uint8Array(new Uint32Array([0, 1, 2]).buffer),
    triangles: 1,
    trianglesBeforeDecimation: 1,
    groups: [{ start: 0, count: 1, label: 1, lesionKey: `lesion-${n}` }],
    bounds: { min: [0, 0, 0], max: [n, n, n] },
  };
}

describe('SurfaceCache', () => {
  it('reads back from disk in a new cache exactly what was put', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-surface-cache-'));
    await new SurfaceCache(dir).put('a', surface(7));
    const back = await new SurfaceCache(dir).get('a');
    expect(back).toBeDefined();
    expect(back!.groups).toEqual(surface(7).groups);
    expect(back!.bounds).toEqual(surface(7).bounds);
    expect(Buffer.from(back!.positions).equals(Buffer.from(surface(7).positions))).toBe(true);
    expect(Buffer.from(back!.indices).equals(Buffer.from(surface(7).indices))).toBe(true);
  });

  it('treats a damaged or missing file as a miss', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-surface-cache-'));
    await new SurfaceCache(dir).put('a', surface(1));
    const file = path.join(dir, 'a.surface');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 40));
    expect(await new SurfaceCache(dir).get('a')).toBeUndefined();
    expect(await new SurfaceCache(dir).get('nothing')).toBeUndefined();
  });

  it('keeps only the newest files on disk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lungdesk-surface-cache-'));
    const cache = new SurfaceCache(dir, 2, 3);
    for (const k of ['k1', 'k2', 'k3', 'k4', 'k5']) {
      await cache.put(k, surface(1));
      await new Promise((r) => setTimeout(r, 15)); // distinct modification times
    }
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.surface')).sort()).toEqual(['k3.surface', 'k4.surface', 'k5.surface']);
  });
});
