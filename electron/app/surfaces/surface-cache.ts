import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { MeshSurfaceResult } from '../../common/job-catalogue';
import { writeChunksAtomic } from '../../core/io/write/npy-writer';

/** A meshed surface as the cache keeps it (the job's result). */
export type CachedSurface = Omit<MeshSurfaceResult, 'seconds'>;

const MAGIC = 'LDSURF1\n';

/**
 * Surfaces by cache key: a few in memory (least recently used dropped first; a 200k-triangle
 * surface is ~5 MB) and every one on disk under <dataDir>/surfaces/<key>.surface, so a scan
 * reopened after a restart shows its 3D at once. The key names the mask version's content, so
 * a saved edit is a new key and never meets a stale entry. A damaged file is a miss. The
 * folder keeps the `maxFiles` most recently written surfaces (a 200k-triangle one is ~5 MB).
 */
export class SurfaceCache {
  private readonly memory = new Map<string, CachedSurface>();

  constructor(
    private readonly dir: string,
    private readonly capacity = 6,
    private readonly maxFiles = 64,
  ) {}

  async get(key: string): Promise<CachedSurface | undefined> {
    const hit = this.memory.get(key);
    if (hit) {
      this.memory.delete(key);
      this.memory.set(key, hit);
      return hit;
    }
    const disk = await this.read(key).catch(() => undefined);
    if (disk) this.remember(key, disk);
    return disk;
  }

  async put(key: string, s: CachedSurface): Promise<void> {
    this.remember(key, s);
    const { positions, normals, indices, ...facts } = s;
    const header = Buffer.from(JSON.stringify({ ...facts, sizes: [positions.byteLength, normals.byteLength, indices.byteLength] }), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    await writeChunksAtomic(this.file(key), [Buffer.from(MAGIC, 'latin1'), len, header, positions, normals, indices]);
    await this.prune();
  }

  /** Drops the oldest files beyond `maxFiles` (best effort: another process may prune too). */
  private async prune(): Promise<void> {
    const names = (await fsp.readdir(this.dir)).filter((n) => n.endsWith('.surface'));
    if (names.length <= this.maxFiles) return;
    const dated = await Promise.all(names.map(async (n) => ({ n, t: (await fsp.stat(path.join(this.dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.t - b.t || a.n.localeCompare(b.n));
    for (const { n } of dated.slice(0, dated.length - this.maxFiles)) await fsp.rm(path.join(this.dir, n), { force: true });
  }

  private remember(key: string, s: CachedSurface): void {
    this.memory.set(key, s);
    while (this.memory.size > this.capacity) this.memory.delete(this.memory.keys().next().value as string);
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.surface`);
  }

  private async read(key: string): Promise<CachedSurface | undefined> {
    const buf = await fsp.readFile(this.file(key));
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const hl = buf.readUInt32LE(MAGIC.length);
    let o = MAGIC.length + 4;
    const head = JSON.parse(buf.toString('utf8', o, o + hl)) as Omit<CachedSurface, 'positions' | 'normals' | 'indices'> & { sizes: [number, number, number] };
    o += hl;
    const [a, b, c] = head.sizes;
    if (o + a + b + c !== buf.length) return undefined;
    // Copies into fresh buffers: aligned for Float32 / Uint32 views, and not the whole file's pooled buffer.
    const take = (n: number): Uint8Array => {
      const out = new Uint8Array(n);
      out.set(buf.subarray(o, o + n));
      o += n;
      return out;
    };
    const { sizes: _sizes, ...facts } = head;
    return { ...facts, positions: take(a), normals: take(b), indices: take(c) };
  }
}
