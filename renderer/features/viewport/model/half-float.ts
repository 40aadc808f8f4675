/**
 * Int16 HU as IEEE 754 half floats (binary16 bits), for a 16-bit float GPU texture: half the
 * bytes of float32 to move through a software GPU, and filterable in WebGL2 without any
 * extension. Exact for |HU| ≤ 2048 (every window a reader uses on lung or soft tissue);
 * above, rounded to the nearest even (2048–4096) or multiple of 4 (4096–8192) and so on.
 * The readout and measurements read the int16 voxels, never the texture.
 */

/** The binary16 bits nearest to `v` (round to nearest, ties to even); |v| < 65520. */
export function halfBits(v: number): number {
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  if (a < 2 ** -14) {
    // Subnormal: units of 2^-24.
    return sign | roundEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  // log2 can land one off near powers of two.
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const m = roundEven((a / 2 ** e - 1) * 1024);
  // A mantissa rounded up to 1024 carries into the exponent.
  return m === 1024 ? sign | ((e + 16) << 10) : sign | ((e + 15) << 10) | m;
}

function roundEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/**
 * The binary16 bits of an integer with |v| ≤ 32768, as {@link halfBits} gives them, from the
 * magnitude's bits alone: its leading one sets the exponent, the next ten bits the mantissa,
 * the bits below round it (to nearest, ties to even). No float maths: the table of all 65536
 * int16 values builds in ~4 ms where halfBits (log2, powers; kept as the reference the tests
 * check this against) took ~11 ms on the thread that puts a scan's first slab on the GPU.
 */
export function intHalfBits(v: number): number {
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === 0) return sign;
  const e = 31 - Math.clz32(a); // 2^e ≤ a < 2^(e+1)
  if (e <= 10) return sign | ((e + 15) << 10) | ((a << (10 - e)) & 0x3ff);
  const shift = e - 10;
  let m = (a >>> shift) & 0x3ff;
  let exp = e + 15;
  const rest = a & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && (m & 1) === 1)) {
    m++;
    if (m === 0x400) {
      m = 0;
      exp++;
    }
  }
  return sign | (exp << 10) | m;
}

let table: Uint16Array | null = null;

/** Every int16's half bits, indexed by the int16 + 32768 (built once, 128 KB). */
function int16HalfTable(): Uint16Array {
  if (!table) {
    table = new Uint16Array(65536);
    for (let i = 0; i < 65536; i++) table[i] = intHalfBits(i - 32768);
  }
  return table;
}

/** Writes `src` as half-float bits into `dst` (same length or longer). */
export function int16ToHalf(src: Int16Array, dst: Uint16Array): void {
  const t = int16HalfTable();
  const n = src.length;
  for (let i = 0; i < n; i++) dst[i] = t[src[i]! + 32768]!;
}
