import os from 'node:os';
import { LungDeskError } from '../common/errors';

/** Requests that may wait for room at once; more get host.busy at once. */
const DEFAULT_MAX_WAITING = 64;

/**
 * The host's memory budget in bytes: `LUNGDESK_HOST_MEMORY_MB` if set (a positive number),
 * else a quarter of the machine's memory, at least 512 MB and at most 4 GiB (volumes live in
 * workers while they load; the host keeps the ones viewers read, and the answers it sends).
 */
export function hostMemoryBudgetBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.LUNGDESK_HOST_MEMORY_MB);
  if (env.LUNGDESK_HOST_MEMORY_MB !== undefined && Number.isFinite(mb) && mb > 0) return Math.round(mb * 1024 * 1024);
  return Math.min(4 * 1024 ** 3, Math.max(512 * 1024 ** 2, Math.floor(os.totalmem() / 4)));
}

interface Waiter {
  bytes: number;
  what: string;
  grant(release: () => void): void;
}

/**
 * Admission of memory-heavy requests (volume loads, slabs read from files) within the host's
 * budget: a request that fits takes its bytes until it releases them; one that does not fit
 * first asks the owner to free what it can spare (cached volumes), then waits in a bounded
 * queue, first come first served; one that can never fit, or finds the queue full, is refused
 * at once with `host.busy` (HTTP 503) so the caller can retry, and no connection is dropped.
 */
export class MemoryBudget {
  private used = 0;
  private readonly waiting: Waiter[] = [];
  /** Set while the owner frees memory: its releases must not hand room out mid-decision. */
  private sparing = false;

  constructor(
    readonly budgetBytes: number,
    /** Frees held memory that nobody is using (drops cached volumes); returns the bytes freed. */
    private readonly spare: (bytes: number) => number = () => 0,
    private readonly maxWaiting = DEFAULT_MAX_WAITING,
  ) {}

  /** Bytes taken now. */
  get usedBytes(): number {
    return this.used;
  }

  /** Requests waiting for room now. */
  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Takes `bytes` (waiting for room if need be); resolves with the function that gives them back (idempotent). */
  admit(bytes: number, what: string): Promise<() => void> {
    const need = Math.max(0, Math.ceil(bytes));
    if (need > this.budgetBytes) {
      return Promise.reject(
        new LungDeskError('host.busy', `${what} needs ${mb(need)} MB, more than the host's memory budget of ${mb(this.budgetBytes)} MB (set LUNGDESK_HOST_MEMORY_MB to raise it)`, {
          detail: { needBytes: need, budgetBytes: this.budgetBytes },
        }),
      );
    }
    if (this.waiting.length === 0 && this.fits(need)) return Promise.resolve(this.take(need));
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(
        new LungDeskError('host.busy', `the host is busy: ${this.waiting.length} requests already wait for memory (${mb(this.used)} of ${mb(this.budgetBytes)} MB in use); retry ${what} shortly`, {
          detail: { waiting: this.waiting.length, usedBytes: this.used, budgetBytes: this.budgetBytes },
        }),
      );
    }
    return new Promise((resolve) => this.waiting.push({ bytes: need, what, grant: resolve }));
  }

  /** Takes `bytes` now if they fit and nobody waits (the release), else null. */
  tryAdmit(bytes: number): (() => void) | null {
    const need = Math.max(0, Math.ceil(bytes));
    return need <= this.budgetBytes && this.waiting.length === 0 && this.fits(need) ? this.take(need) : null;
  }

  /** Takes `bytes` without waiting (memory already held, e.g. a volume that arrived); may pass the budget until released. */
  hold(bytes: number): () => void {
    this.spareFor(bytes);
    return this.take(Math.max(0, Math.ceil(bytes)));
  }

  private fits(need: number): boolean {
    if (this.used + need <= this.budgetBytes) return true;
    this.spareFor(need);
    return this.used + need <= this.budgetBytes;
  }

  private spareFor(need: number): void {
    const over = this.used + need - this.budgetBytes;
    if (over <= 0 || this.sparing) return;
    this.sparing = true;
    try {
      this.spare(over);
    } finally {
      this.sparing = false;
    }
  }

  private take(need: number): () => void {
    this.used += need;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= need;
      if (!this.sparing) this.wake();
    };
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      const w = this.waiting.shift()!;
      w.grant(this.take(w.bytes));
    }
  }
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

/** How long an answer's bytes count against the budget when no host says it was sent. */
const LEASE_FALLBACK_MS = 10_000;
const leases = new WeakMap<object, () => void>();

/**
 * Ties admitted bytes to the buffer answering a request: the host that sends it calls
 * releaseAnswer once the answer is out (the browser host: when the response closes); other
 * transports copy it at once, and the fallback timer gives the bytes back.
 */
export function leaseAnswer(buffer: object, release: () => void): void {
  const timer = setTimeout(release, LEASE_FALLBACK_MS);
  timer.unref();
  leases.set(buffer, () => {
    clearTimeout(timer);
    release();
  });
}

/** Gives back the bytes leased to the buffers an answer carries (its own fields, one level down). */
export function releaseAnswer(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const v of [value, ...Object.values(value)]) {
    if (typeof v !== 'object' || v === null) continue;
    const release = leases.get(v);
    if (release) {
      leases.delete(v);
      release();
    }
  }
}
