import { describe, expect, it } from 'vitest';
import type { Types } from '@cornerstonejs/core';
import { AxialFastScroll } from '../../../../renderer/features/viewport/axial-fast-scroll';
import { SettleTracker, type RenderState, type Timers } from '../../../../renderer/features/viewport/model/settle-tracker';

/** Timers that never fire on their own: the test says when. */
function manualTimers(): Timers & { fire(): void } {
  const pending = new Set<() => void>();
  return {
    set: (fn) => {
      pending.add(fn);
      return fn;
    },
    clear: (h) => pending.delete(h as () => void),
    fire: () => {
      for (const fn of [...pending]) {
        pending.delete(fn);
        fn();
      }
    },
  };
}

function setup() {
  const canvas = { style: { display: 'block' } } as unknown as HTMLCanvasElement;
  const states: RenderState[] = [];
  const timers = manualTimers();
  const tracker = new SettleTracker((s) => states.push(s), 150, timers);
  let renders = 0;
  const vp = { render: () => renders++ } as unknown as Types.IVolumeViewport;
  const scroll = new AxialFastScroll({
    canvas: () => canvas,
    volume: () => null,
    voi: () => ({ lower: -1350, upper: 150 }),
    invert: () => false,
    slabOn: () => false,
    tracker: () => tracker,
  });
  return { canvas, states, timers, tracker, vp, scroll, renders: () => renders };
}

describe("a scan's first picture standing in for the axial view while its volume streams in", () => {
  it('keeps the picture and the pane unsettled until the view has drawn, without asking for a draw itself', () => {
    const { canvas, states, timers, tracker, vp, scroll, renders } = setup();
    tracker.loading();
    tracker.ready();
    scroll.standIn(vp);
    expect(scroll.showing).toBe(true);
    expect(renders()).toBe(0);
    // However long it waits, the pane is not settled: its picture is a stand-in.
    timers.fire();
    expect(tracker.current).toBe('rendering');
    expect(canvas.style.display).toBe('block');

    // The view draws (the volume is whole, or a scroll, zoom or window asked): the picture goes.
    tracker.rendered();
    scroll.rendered();
    expect(scroll.showing).toBe(false);
    expect(canvas.style.display).toBe('none');
    timers.fire();
    expect(tracker.current).toBe('settled');
    expect(states.at(-1)).toBe('settled');
  });

  it('is dropped with the load: another scan opening hides the picture and waits for nothing', () => {
    const { canvas, tracker, vp, scroll } = setup();
    tracker.loading();
    tracker.ready();
    scroll.standIn(vp);
    scroll.cancel();
    expect(scroll.showing).toBe(false);
    expect(canvas.style.display).toBe('none');
  });
});
