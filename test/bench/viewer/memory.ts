import { readFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

/**
 * What one open scan costs the browser: the page's JS heap (CDP Performance.getMetrics) and
 * the resident memory of Chromium's processes (/proc/<pid>/smaps_rollup), grouped by the
 * process type Chromium itself reports (SystemInfo.getProcessInfo), so the bench does not
 * have to guess which child is the renderer or the GPU process.
 */

export interface ProcMemory {
  rssBytes: number;
  pssBytes: number;
}

/** Rss and Pss of a smaps_rollup text (its values are in kB). */
export function parseSmapsRollup(text: string): ProcMemory {
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : 0;
  };
  return { rssBytes: kb('Rss'), pssBytes: kb('Pss') };
}

export interface ProcessMemory extends ProcMemory {
  pid: number;
  type: string;
}

export interface MemorySnapshot {
  jsHeapUsedBytes: number;
  jsHeapTotalBytes: number;
  processes: ProcessMemory[];
  /** Sums by Chromium process type (browser, renderer, GPU, …). */
  byType: Record<string, ProcMemory>;
}

function readProcMemory(pid: number): ProcMemory | null {
  try {
    return parseSmapsRollup(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
  } catch {
    return null; // exited between the listing and the read
  }
}

/**
 * Collects garbage in the page first: a heap that merely has not been swept yet is not what a
 * scan costs.
 */
export async function memorySnapshot(browserCdp: CDPSession, pageCdp: CDPSession): Promise<MemorySnapshot> {
  await pageCdp.send('HeapProfiler.collectGarbage');
  await pageCdp.send('Performance.enable');
  const { metrics } = await pageCdp.send('Performance.getMetrics');
  const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const processes: ProcessMemory[] = [];
  const byType: Record<string, ProcMemory> = {};
  for (const p of processInfo) {
    const mem = readProcMemory(p.id);
    if (!mem) continue;
    processes.push({ pid: p.id, type: p.type, ...mem });
    const sum = (byType[p.type] ??= { rssBytes: 0, pssBytes: 0 });
    sum.rssBytes += mem.rssBytes;
    sum.pssBytes += mem.pssBytes;
  }
  return { jsHeapUsedBytes: metric('JSHeapUsedSize'), jsHeapTotalBytes: metric('JSHeapTotalSize'), processes, byType };
}

/** PSS of the processes that hold a shown volume: the renderers and the GPU process. */
export function viewerPss(s: MemorySnapshot): number {
  return (s.byType.renderer?.pssBytes ?? 0) + (s.byType.GPU?.pssBytes ?? 0);
}
