// Runs inside the LungDesk page (page.evaluate of this file's text, mask-edit-run.ts): the
// mask-editing bench's input → pixels tracer. Plain JS for the reasons page-probes.js gives.
(() => {
  if (window.__lungdeskMaskBench) return;
  const IMAGE_RENDERED = 'CORNERSTONE_IMAGE_RENDERED';
  const INK_DRAWN = 'lungdesk:mask-ink';
  const pane = (id) => document.querySelector(`[data-testid="viewport-${id}"]`);
  const bar = () => document.querySelector('[data-testid="mask-editor-bar"]');

  /**
   * One trace at a time: `input` events (mousemove, keydown with `key`) start a sample at the
   * event's own timestamp (when the browser received it, before any handler); the sample ends
   * at the first animation frame after the axial pane rendered (Cornerstone's IMAGE_RENDERED
   * fires once the labelmap and the CT are drawn) or the editor drew a stroke step's ink on it, or after the editor bar's attribute `attr`
   * changed value (from what it was when the trace started or the last sample ended: the
   * app's key listener may commit before this one runs). Frame after the render = the frame that shows it.
   */
  let trace = null;

  const finish = () => {
    const t = trace;
    if (!t || t.t0 === null) return;
    // thenRender: the attribute says the edit is applied (an operation that ran in the kernel
    // worker); the sample ends once the axial pane has drawn it.
    if (t.attr && t.thenRender && !t.rendered) {
      if (t.awaitingRender) return;
      t.awaitingRender = true;
      t.last = bar()?.getAttribute(t.attr);
      pane('axial').addEventListener(IMAGE_RENDERED, () => { t.awaitingRender = false; t.rendered = true; finish(); }, { once: true });
      return;
    }
    t.rendered = false;
    const start = t.t0;
    t.t0 = null;
    if (t.attr && !t.thenRender) t.last = bar()?.getAttribute(t.attr);
    // performance.now() in the callback, not the frame's start time: that can precede an input handled within the frame.
    requestAnimationFrame(() => t.samples.push(performance.now() - start));
  };

  const onInput = (e) => {
    const t = trace;
    if (!t || e.type !== t.input || t.t0 !== null) return;
    if (t.key && e.key.toLowerCase() !== t.key) return;
    t.t0 = e.timeStamp;
    // The app's own capture listener may have run first and React committed already.
    if (t.attr && bar()?.getAttribute(t.attr) !== t.last) finish();
  };
  window.addEventListener('mousemove', onInput, { capture: true });
  window.addEventListener('keydown', onInput, { capture: true });

  const observer = new MutationObserver(() => {
    const t = trace;
    if (!t || !t.attr || t.t0 === null) return;
    if (bar()?.getAttribute(t.attr) !== t.last) finish();
  });

  window.__lungdeskMaskBench = {
    /** Starts a trace: { input: 'mousemove' | 'keydown', key?: string, attr?: string, thenRender?: boolean } (no attr: until the axial render; attr + thenRender: until the attribute changed and then the axial pane rendered). */
    start(opts) {
      if (trace) this.stop();
      trace = { input: opts.input, key: opts.key ? opts.key.toLowerCase() : null, attr: opts.attr ?? null, thenRender: !!opts.thenRender, awaitingRender: false, rendered: false, t0: null, last: null, samples: [], el: null };
      if (trace.attr) trace.last = bar()?.getAttribute(trace.attr);
      if (trace.attr) observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: [trace.attr] });
      else {
        trace.el = pane('axial');
        trace.el.addEventListener(IMAGE_RENDERED, finish);
        // A brush stroke's steps reach the screen as the editor's ink (a 2D canvas over the pane).
        trace.el.addEventListener(INK_DRAWN, finish);
      }
      return true;
    },

    /** Resolves once the trace holds `n` samples; null after timeoutMs (an input that drew nothing). */
    waitSamples(n, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve) => {
        const poll = () => {
          if (!trace) resolve(null);
          else if (trace.samples.length >= n) resolve(trace.samples.length);
          else if (performance.now() > deadline) {
            trace.t0 = null; // the next input starts a fresh sample
            resolve(null);
          } else setTimeout(poll, 2);
        };
        poll();
      });
    },

    stop() {
      const t = trace;
      trace = null;
      observer.disconnect();
      t?.el?.removeEventListener(IMAGE_RENDERED, finish);
      t?.el?.removeEventListener(INK_DRAWN, finish);
      return t ? t.samples : [];
    },

    /** A no-op contract round trip (the baseline of save): getAppInfo, `n` times, ms each. */
    async roundTrips(n) {
      const out = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        await window.lungdesk.getAppInfo({});
        out.push(performance.now() - t0);
      }
      return out;
    },

    /** The editor bar's data-* attribute as a number (data-changed, data-history-bytes, …). */
    barNumber: (attr) => Number(bar()?.getAttribute(attr) ?? NaN),

    /** The brush ring's diameter in CSS px (its size in mm over the pane's mm per px). */
    ringPx() {
      const r = document.querySelector('[data-testid="mask-brush-ring"]');
      return r && r.style.display !== 'none' ? r.getBoundingClientRect().width : null;
    },

    blur() {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      return true;
    },

    /** Versions of the scan as the contract lists them (the save's size on disk). */
    async versions(scanId) {
      const vs = await window.lungdesk.listMaskVersions({ scanId });
      return vs.map((v) => ({ id: v.id, bytesOnDisk: v.bytesOnDisk }));
    },
  };
})();
