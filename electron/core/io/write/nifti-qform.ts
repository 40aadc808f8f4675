import type { VolumeGeometry } from '../../../common/geometry';

/**
 * The NIfTI-1 qform (quaternion b, c, d and qfac) of a grid, or null when the grid cannot be
 * written as one exactly enough. The qform can only hold a rotation (optionally with the third
 * axis flipped) times the pixdim spacings, so a sheared grid (CT with gantry tilt) has none;
 * we then leave qform_code 0 and let the sform alone carry the geometry.
 *
 * "Exactly enough": readers rebuild the rotation from the float32 b, c, d and a recomputed
 * a = sqrt(1 − b² − c² − d²), and they disagree near a = 0 (a 180° rotation, which every plain
 * LPS axial scan is): nifti1_io (ITK, SimpleITK, Slicer) takes a = 0 when 1 − b² − c² − d² <
 * 1e-7, nibabel only when it is negative (down to −3·eps32). We rebuild the affine both ways
 * and keep the qform only if each lands every voxel centre within `QFORM_TOLERANCE_MM` of the
 * sform's position, nudging b, c, d by an ulp first when a should be 0.
 */

/** Largest allowed distance (mm), anywhere in the grid, between the qform's and the sform's voxel centres. */
export const QFORM_TOLERANCE_MM = 1e-3;

export interface NiftiQform {
  b: number;
  c: number;
  d: number;
  /** pixdim[0]: −1 when the RAS axes are a left-handed frame (third axis flipped). */
  qfac: 1 | -1;
}

type M3 = [number, number, number, number, number, number, number, number, number];

/** The voxel-axes-to-RAS rotation part of our LPS direction: rows x and y negated. */
function rasDirection(g: VolumeGeometry): M3 {
  const d = g.direction;
  return [-d[0]!, -d[1]!, -d[2]!, -d[3]!, -d[4]!, -d[5]!, d[6]!, d[7]!, d[8]!];
}

const det3 = (m: M3): number => m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);

/** Unit quaternion (a ≥ 0) of a proper rotation, as nifti1_io's nifti_mat44_to_quatern computes it. */
function rotationToQuaternion(r: M3): [number, number, number, number] {
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r;
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      a = -a;
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return [a, b, c, d];
}

/** The next float32 away from zero. */
function float32Outward(x: number): number {
  const f = new Float32Array([x]);
  const i = new Int32Array(f.buffer);
  i[0]! += 1; // the bit pattern of |x| grows by one ulp whatever the sign
  return f[0]!;
}

/** Rotation matrix of a quaternion. */
function quaternionToRotation(a: number, b: number, c: number, d: number): M3 {
  return [
    a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
    2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
    2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
  ];
}

/** The rotation each reader rebuilds from stored b, c, d, or null when it would refuse them. */
function readerRotations(b: number, c: number, d: number): M3[] | null {
  const sum = b * b + c * c + d * d;
  const w2 = 1 - sum;
  // nibabel (fillpositive with Nifti1Header.quaternion_threshold = −3·eps32)
  if (w2 < -3 * 2 ** -23) return null;
  const nibabel = quaternionToRotation(w2 < 0 ? 0 : Math.sqrt(w2), b, c, d);
  // nifti1_io nifti_quatern_to_mat44
  let niftiIo: M3;
  if (w2 < 1e-7) {
    const s = 1 / Math.sqrt(sum);
    niftiIo = quaternionToRotation(0, b * s, c * s, d * s);
  } else {
    niftiIo = quaternionToRotation(Math.sqrt(w2), b, c, d);
  }
  return [nibabel, niftiIo];
}

/** Largest distance (mm, per axis) between two voxel-to-RAS linear maps over the grid. */
function worstCornerError(g: VolumeGeometry, want: M3, got: M3, qfac: number): number {
  let worst = 0;
  for (let r = 0; r < 3; r++) {
    let e = 0;
    for (let j = 0; j < 3; j++) {
      const s = g.spacing[j]! * (j === 2 ? qfac : 1);
      e += Math.abs(got[3 * r + j]! * s - want[3 * r + j]! * g.spacing[j]!) * (g.dims[j]! - 1);
    }
    worst = Math.max(worst, e);
  }
  return worst;
}

/** The qform of grid `g` (our LPS geometry, written as RAS), or null when it has none exact to `QFORM_TOLERANCE_MM`. */
export function niftiQform(g: VolumeGeometry): NiftiQform | null {
  const want = rasDirection(g);
  if (!want.every(Number.isFinite)) return null;
  let r = [...want] as M3;
  let qfac: 1 | -1 = 1;
  if (det3(r) < 0) {
    qfac = -1;
    r = [r[0], r[1], -r[2], r[3], r[4], -r[5], r[6], r[7], -r[8]];
  }
  const [a, b, c, d] = rotationToQuaternion(r);
  const rounded: [number, number, number] = [Math.fround(b), Math.fround(c), Math.fround(d)];
  const candidates = [rounded];
  if (a < 1e-3) {
    // a may be meant as 0: also try b, c, d rounded so that b² + c² + d² ≥ 1, which nibabel reads as a = 0 too.
    const nudged: [number, number, number] = [...rounded];
    const big = nudged.reduce((k, v, i) => (Math.abs(v) > Math.abs(nudged[k]!) ? i : k), 0);
    for (let n = 0; n < 4 && nudged[0] ** 2 + nudged[1] ** 2 + nudged[2] ** 2 < 1; n++) nudged[big] = float32Outward(nudged[big]!);
    candidates.push(nudged);
  }
  for (const [qb, qc, qd] of candidates) {
    const rotations = readerRotations(qb, qc, qd);
    if (rotations?.every((rot) => worstCornerError(g, want, rot, qfac) <= QFORM_TOLERANCE_MM)) return { b: qb, c: qc, d: qd, qfac };
  }
  return null;
}
