/**
 * Decides when a viewport's rendering has settled: its content is in place and no render
 * event arrived for `quietMs`. Pure logic with injected timers, testable without a GPU.
 * e2e tests wait for the resulting `data-render-state="settled"`, never for time.
 *
 *   empty ──loading()──► loading ──ready()──► rendering ──(quiet)──► settled
 *                            ▲                   ▲  rendered()          │
 *                            └── loading() ──────┴──────────────────────┘ rendered()
 */
export type RenderState = 'empty' | 'loading' | 'rendering' | 'settled' | 'error';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };

export class SettleTracker {
  private state: RenderState = 'empty';
  private timer: unknown = null;
  private contentReady = false;

  constructor(
    private readonly onChange: (state: RenderState) => void,
    private readonly quietMs = 150,
    private readonly timers: Timers = realTimers,
  ) {}

  get current(): RenderState {
    return this.state;
  }

  /** New content is on its way; renders of the old (or of nothing) no longer count. */
  loading(): void {
    this.cancel();
    this.contentReady = false;
    this.set('loading');
  }

  /** The content is set on the viewport and a render was requested. */
  ready(): void {
    this.contentReady = true;
    this.bump();
  }

  /** A render event. Ignored until `ready()`: the empty first frame must not settle. */
  rendered(): void {
    if (this.contentReady) this.bump();
  }

  /**
   * The view's picture is stood in for (the scroll fast path's 2D canvas) until its next
   * render: not settled before that render, however long it waits.
   */
  awaitRender(): void {
    if (!this.contentReady || this.state === 'error') return;
    this.cancel();
    this.set('rendering');
  }

  failed(): void {
    this.cancel();
    this.contentReady = false;
    this.set('error');
  }

  dispose(): void {
    this.cancel();
  }

  private bump(): void {
    this.cancel();
    this.set('rendering');
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.set('settled');
    }, this.quietMs);
  }

  private cancel(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private set(s: RenderState): void {
    if (this.state === s) return;
    this.state = s;
    this.onChange(s);
  }
}
