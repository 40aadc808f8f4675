import { largestComponent } from '../../../native';
import { fillHoles } from '../../../native/morphology';
import type { Dims3 } from '../../../native/slice2d-mesh';

/**
 * The body for a skin surface: HU above `thresholdHu`, the largest 26-connected region (the
 * patient, not the table or a blanket that does not touch them), holes filled slice by slice
 * so the lungs and airways inside give no inner surfaces. An HU threshold alone would mesh the
 * inside of the chest as well, twice the triangles for nothing visible.
 */
export function bodyMask(hu: Int16Array, dims: Dims3, thresholdHu: number): Uint8Array {
  const above = new Uint8Array(hu.length);
  for (let i = 0; i < hu.length; i++) above[i] = hu[i]! > thresholdHu ? 1 : 0;
  const body = largestComponent(above, dims, 3).mask;
  return fillHoles(body, dims, { dim: 2 }).mask;
}
