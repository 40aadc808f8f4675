/** A scale bar: a round length in mm and its length in canvas pixels. */
export interface ScaleBar {
  mm: number;
  px: number;
  label: string;
}

/**
 * The longest round length (1, 2 or 5 × 10^k mm) not longer than `fraction` of the pane
 * width. vtk's parallelScale is half the view HEIGHT in mm, so mm per pixel is
 * 2·parallelScale / heightPx. Null when the inputs cannot give a bar.
 */
export function scaleBar(parallelScale: number, heightPx: number, widthPx: number, fraction = 0.2): ScaleBar | null {
  if (!(parallelScale > 0) || !(heightPx > 0) || !(widthPx > 0) || !(fraction > 0)) return null;
  const mmPerPx = (2 * parallelScale) / heightPx;
  const target = fraction * widthPx * mmPerPx;
  const exp = Math.floor(Math.log10(target));
  let mm = 0;
  for (const k of [exp - 1, exp]) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v <= target * (1 + 1e-9)) mm = v;
    }
  }
  if (!(mm > 0)) return null;
  // Round away float noise such as 0.30000000000000004.
  mm = Number(mm.toPrecision(6));
  return { mm, px: mm / mmPerPx, label: mm >= 10 ? `${mm / 10} cm` : `${mm} mm` };
}
