// Runs inside the LungDesk page (installed with page.addInitScript): the bench's probes.
// Plain JS on purpose: functions handed to page.evaluate from tsx-compiled TypeScript carry
// esbuild helpers that do not exist in the page, and the repo's tsconfig has no DOM types.
(() => {
  const IMAGE_RENDERED = 'CORNERSTONE_IMAGE_RENDERED';
  // The axial pane's scroll fast path (axial-fast-scroll.ts) draws a step's slice on its 2D
  // canvas and says so with this event; the volume view renders once scrolling pauses.
  const SLICE_DRAWN = 'lungdesk:slice-drawn';
  const PANES = ['axial', 'coronal', 'sagittal'];

  // "From click" starts at the click's own timestamp, before React or the app see it.
  window.addEventListener('click', () => performance.mark('bench:click'), { capture: true });

  // The internal format of every 3D texture the page allocates (the volume's: float32, or the
  // half floats the viewer asks for where no 16-bit integer texture can be filtered).
  const textures3d = [];
  const formatName = (gl, f) => ['R32F', 'R16F', 'R16I', 'R8'].find((n) => gl[n] === f) ?? `0x${f.toString(16)}`;
  const storage3d = WebGL2RenderingContext.prototype.texStorage3D;
  WebGL2RenderingContext.prototype.texStorage3D = function (target, levels, internalFormat, w, h, d) {
    if (target === this.TEXTURE_3D && w * h * d > 1) textures3d.push(`${formatName(this, internalFormat)} ${w}×${h}×${d}`);
    return storage3d.call(this, target, levels, internalFormat, w, h, d);
  };
  const image3d = WebGL2RenderingContext.prototype.texImage3D;
  WebGL2RenderingContext.prototype.texImage3D = function (target, level, internalFormat, w, h, d, ...rest) {
    if (target === this.TEXTURE_3D && level === 0 && w * h * d > 1) textures3d.push(`${formatName(this, internalFormat)} ${w}×${h}×${d}`);
    return image3d.call(this, target, level, internalFormat, w, h, d, ...rest);
  };

  const pane = (id) => document.querySelector(`[data-testid="viewport-${id}"]`);
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const errorText = () => {
    const banner = document.querySelector('[data-testid="error-banner"]');
    return banner ? banner.textContent : 'no error banner';
  };
  const renderFailed = () => PANES.some((id) => pane(id)?.dataset.renderState === 'error');

  /** Polls `check` until it returns a value; rejects with `what` after timeoutMs. */
  const until = (check, timeoutMs, what) =>
    new Promise((resolve, reject) => {
      const deadline = performance.now() + timeoutMs;
      const poll = () => {
        let v;
        try {
          v = check();
        } catch (e) {
          reject(e);
          return;
        }
        if (v !== undefined && v !== null) resolve(v);
        else if (performance.now() > deadline) reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        else setTimeout(poll, 10);
      };
      poll();
    });

  /** Resolves on the next IMAGE_RENDERED of a pane, or with false after timeoutMs. */
  const nextRender = (el, timeoutMs) =>
    new Promise((resolve) => {
      const done = (v) => {
        clearTimeout(timer);
        el.removeEventListener(IMAGE_RENDERED, onRendered);
        resolve(v);
      };
      const onRendered = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      el.addEventListener(IMAGE_RENDERED, onRendered);
    });

  const pressKey = (key) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  const sliceIndex = () => {
    const v = pane('axial')?.dataset.sliceIndex;
    return v === undefined || v === '' ? null : Number(v);
  };

  window.__lungdeskBench = {
    webglRenderer() {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return 'no WebGL2 context';
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const name = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return String(name);
    },

    clickCount: () => performance.getEntriesByName('bench:click').length,

    /** The 3D textures allocated so far (format and size), newest last. */
    textures3d: () => textures3d.slice(),

    /**
     * The GPU's own floor for a volume of `dims`: ms to allocate a fresh 3D texture in
     * `format` (the viewer's: 'R16F' half floats, or 'R32F' float32) and upload every slice
     * into it, 8 at a time from one converted buffer, as the viewer does; no data crosses the
     * wire. Synced with a pixel read, so the GPU process has done the work when it returns.
     */
    gpuUploadFloorMs(dims, format) {
      const [nx, ny, nz] = dims;
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return null;
      const half = format === 'R16F';
      const chunk = 8;
      // -1000 HU: as float32, or as its half-float bits (0xe3d0).
      const voxels = half ? new Uint16Array(nx * ny * chunk).fill(0xe3d0) : new Int16Array(nx * ny * chunk).fill(-1000);
      const scratch = half ? new Uint16Array(voxels.length) : new Float32Array(voxels.length);
      const t0 = performance.now();
      const tex = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_3D, tex);
      // Mutable storage, as the viewer's texture has (cornerstone-runtime.ts): immutable
      // storage written in parts costs a software GPU a clear of the whole texture first.
      gl.texImage3D(gl.TEXTURE_3D, 0, half ? gl.R16F : gl.R32F, nx, ny, nz, 0, gl.RED, half ? gl.HALF_FLOAT : gl.FLOAT, null);
      for (let z = 0; z < nz; z += chunk) {
        const n = Math.min(chunk, nz - z);
        scratch.set(voxels.subarray(0, nx * ny * n));
        gl.texSubImage3D(gl.TEXTURE_3D, 0, 0, 0, z, nx, ny, n, gl.RED, half ? gl.HALF_FLOAT : gl.FLOAT, scratch.subarray(0, nx * ny * n));
      }
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
      const ms = performance.now() - t0;
      gl.deleteTexture(tex);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return ms;
    },

    /**
     * Waits until the scan opened by click number `clickIndex` is complete and returns the
     * app's marks for it, in ms after the click.
     */
    async waitOpened(scanId, clickIndex, timeoutMs) {
      const click = await until(() => performance.getEntriesByName('bench:click')[clickIndex], 5000, `the click (#${clickIndex}) to be seen by the page`);
      const after = (name) => performance.getEntriesByName(name).find((e) => e.startTime >= click.startTime && e.detail?.scanId === scanId);
      const complete = await until(
        () => {
          if (renderFailed()) throw new Error(`the reading room could not show scan ${scanId}: ${errorText()}`);
          return after('lungdesk:volume-complete');
        },
        timeoutMs,
        `lungdesk:volume-complete of scan ${scanId}`,
      );
      const rel = (e) => (e ? e.startTime - click.startTime : null);
      // The GPU's end of the views' draws comes after the page's mark; waited for a while.
      const drawn = await until(() => after('lungdesk:volume-drawn') ?? null, 10_000, 'lungdesk:volume-drawn').catch(() => null);
      return {
        scanOpenMs: rel(after('lungdesk:scan-open')),
        firstPixelsMs: rel(after('lungdesk:first-pixels')),
        completeMs: rel(complete),
        drawnMs: rel(drawn),
        // Where the time goes: the app's lungdesk:stage marks of this open, in ms after the click.
        stages: Object.fromEntries(
          performance
            .getEntriesByName('lungdesk:stage')
            .filter((e) => e.startTime >= click.startTime && e.detail?.scanId === scanId && e.startTime <= complete.startTime)
            .map((e) => [e.detail.stage, Math.round(rel(e))]),
        ),
      };
    },

    waitSettled(timeoutMs) {
      return until(
        () => {
          if (renderFailed()) throw new Error(`a viewport failed: ${errorText()}`);
          return PANES.every((id) => pane(id)?.dataset.renderState === 'settled') ? true : null;
        },
        timeoutMs,
        'all three viewports to settle',
      );
    },

    sliceIndex,
    sliceCount: () => Number(pane('axial')?.dataset.sliceCount ?? NaN),

    /** Presses `key` until the axial slice stops moving (the end of the volume). */
    async toEnd(key, maxPresses) {
      const el = pane('axial');
      for (let i = 0; i < maxPresses; i++) {
        const before = sliceIndex();
        const rendered = nextRender(el, 1000);
        pressKey(key);
        await rendered;
        await frame();
        await frame();
        if (sliceIndex() === before) return sliceIndex();
      }
      throw new Error(`${key} ×${maxPresses} did not reach the end of the volume (slice ${sliceIndex()})`);
    },

    /**
     * Scrolls `n` slices with `key`: one key press per animation frame, each sent once the
     * previous slice was drawn (IMAGE_RENDERED, or the fast path's lungdesk:slice-drawn, on the
     * axial pane). Records every requestAnimationFrame timestamp from the first press to the
     * last draw: a slow draw on the main thread or in the GPU process delays the next frame.
     */
    scroll(n, key, timeoutMs) {
      const el = pane('axial');
      const startIndex = sliceIndex();
      const raf = [];
      const sentAt = [];
      const renderedAt = [];
      let waiting = false;
      const onRendered = () => {
        if (!waiting) return;
        waiting = false;
        renderedAt.push(performance.now());
      };
      el.addEventListener(IMAGE_RENDERED, onRendered);
      el.addEventListener(SLICE_DRAWN, onRendered);
      return new Promise((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const finish = (err) => {
          el.removeEventListener(IMAGE_RENDERED, onRendered);
          el.removeEventListener(SLICE_DRAWN, onRendered);
          if (err) reject(err);
          else
            // Let React put the last slice index on the pane before reading it.
            frame()
              .then(frame)
              .then(() => resolve({ startIndex, endIndex: sliceIndex(), raf, sentAt, renderedAt }));
        };
        const tick = (t) => {
          raf.push(t);
          if (!waiting) {
            if (sentAt.length === n) {
              finish();
              return;
            }
            waiting = true;
            sentAt.push(performance.now());
            pressKey(key);
          } else if (performance.now() > deadline || performance.now() - sentAt[sentAt.length - 1] > 5000) {
            finish(new Error(`scrolling stalled: ${renderedAt.length} of ${n} slices rendered (${key} #${sentAt.length} drew nothing within 5 s, or ${timeoutMs} ms passed)`));
            return;
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    },
  };
})();
