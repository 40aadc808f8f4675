import { dolly, orbit, pan } from './model/camera-presets';
import type { ThreeView } from './three-view';

/** A press that moved less than this (CSS px) is a click, not a drag. */
const CLICK_SLOP = 4;

/**
 * The mouse on the 3D canvas: left drag turns the camera (half a turn across the pane),
 * right, middle or Shift drag pans, the wheel zooms, a click picks (onClick), a double-click
 * maximises. Every move sets the camera and asks one render; nothing runs while idle.
 */
export function attachPointer(canvas: HTMLCanvasElement, view: ThreeView, onClick: (x: number, y: number) => void, onDouble: () => void): () => void {
  let drag: { id: number; x0: number; y0: number; x: number; y: number; panning: boolean; moved: boolean } | null = null;
  const down = (e: PointerEvent): void => {
    if (drag) return;
    canvas.setPointerCapture(e.pointerId);
    drag = { id: e.pointerId, x0: e.clientX, y0: e.clientY, x: e.clientX, y: e.clientY, panning: e.button !== 0 || e.shiftKey, moved: false };
  };
  const move = (e: PointerEvent): void => {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    drag.x = e.clientX;
    drag.y = e.clientY;
    if (!drag.moved && Math.hypot(e.clientX - drag.x0, e.clientY - drag.y0) < CLICK_SLOP) return;
    drag.moved = true;
    view.userMoved = true;
    const h = Math.max(1, canvas.clientHeight);
    const c = view.cameraState;
    if (drag.panning) {
      const dist = Math.hypot(c.position[0] - c.target[0], c.position[1] - c.target[1], c.position[2] - c.target[2]);
      const mmPerPx = (2 * dist * Math.tan((view.camera.fov * Math.PI) / 360)) / h;
      view.setCamera(pan(c, -dx * mmPerPx, dy * mmPerPx), true);
    } else {
      view.setCamera(orbit(c, (dx / h) * Math.PI, (-dy / h) * Math.PI), true);
    }
  };
  const up = (e: PointerEvent): void => {
    if (!drag || e.pointerId !== drag.id) return;
    const click = !drag.moved && e.button === 0 && !drag.panning;
    drag = null;
    if (click) {
      const r = canvas.getBoundingClientRect();
      onClick(e.clientX - r.left, e.clientY - r.top);
    }
  };
  const wheel = (e: WheelEvent): void => {
    e.preventDefault();
    view.userMoved = true;
    view.setCamera(dolly(view.cameraState, e.deltaY > 0 ? 1.1 : 1 / 1.1), true);
  };
  const menu = (e: Event): void => e.preventDefault();
  const dbl = (e: MouseEvent): void => {
    e.preventDefault();
    onDouble();
  };
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointercancel', up);
  canvas.addEventListener('wheel', wheel, { passive: false });
  canvas.addEventListener('contextmenu', menu);
  canvas.addEventListener('dblclick', dbl);
  return () => {
    canvas.removeEventListener('pointerdown', down);
    canvas.removeEventListener('pointermove', move);
    canvas.removeEventListener('pointerup', up);
    canvas.removeEventListener('pointercancel', up);
    canvas.removeEventListener('wheel', wheel);
    canvas.removeEventListener('contextmenu', menu);
    canvas.removeEventListener('dblclick', dbl);
  };
}
