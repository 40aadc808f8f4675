import { label3d } from '../../native';
import { fmt, medianMs } from './util';

// A lung-like mask at real size: two ellipsoids in a 512×512×300 volume, plus sparse noise.
const dims = [512, 512, 300] as const;
const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
for (let z = 0; z < dims[2]; z++) {
  for (let y = 0; y < dims[1]; y++) {
    for (let x = 0; x < dims[0]; x++) {
      const dz = (z - 150) / 130;
      const dy = (y - 256) / 150;
      const l = ((x - 170) / 80) ** 2 + dy * dy + dz * dz;
      const r = ((x - 342) / 80) ** 2 + dy * dy + dz * dz;
      const i = x + dims[0] * (y + dims[1] * z);
      mask[i] = l < 1 || r < 1 || (i * 2654435761) % 1000 < 3 ? 1 : 0;
    }
  }
}
for (const c of [1, 3] as const) {
  const r = medianMs(5, () => void label3d(mask, dims, c));
  console.log(`label3d 512x512x300 lung-like, connectivity ${c}: ${fmt(r)}`);
}
