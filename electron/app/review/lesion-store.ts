import type { Lesion, LesionDecision, LesionMember, ScanLesions } from '../../common/contract/review';
import type { VolumeGeometry } from '../../common/geometry';
import { BoxGrid, encodeMaskRle, groupLesions, groupLesionsSteps, rematchDecision, scanReviewStatus, summarizeLesion, type LesionMark, type LesionSummary } from '../../core/review';
import { appendAudit, listAnnotationContours, listAnnotations, listDecisions, rekeyDecision, replaceScanLesions, replaceScanLesionsSteps, scanDoneMark, type LungDeskDb, type ScanRecord, type StoredDecision } from '../../db';
import type { Annotation } from '../../common/contract/annotations';
import { lesionMarksOf, readerLabelOf } from './lesion-marks-of';
import { readAnnotationsSliced } from './read-annotations';
import { mapSliced, runStepsSliced, timeSlicer } from '../time-slice';

/** A scan's lesions as computed from its annotations (before decisions are attached). */
interface Computed {
  readerTotal: number | null;
  summaries: LesionSummary[];
  marks: LesionMark[];
  /** Marks by annotation id: members are looked up by id, once each. */
  markById: Map<number, LesionMark>;
  annotations: Map<number, Annotation>;
}

const CACHE_SCANS = 64;

/** How many LIDC readers read the scan (its reading sessions); null without LIDC rows. A loop: a spread of 25k rows could overflow the stack. */
function readerTotalOf(annotations: readonly Annotation[]): number | null {
  let most = 0;
  let lidc = false;
  for (const a of annotations) {
    if (a.source !== 'lidc-xml') continue;
    lidc = true;
    most = Math.max(most, a.sessionCount ?? 0);
  }
  return lidc && most > 0 ? most : null;
}

function computedValue(readerTotal: number | null, summaries: LesionSummary[], marks: LesionMark[], annotations: readonly Annotation[]): Computed {
  return { readerTotal, summaries, marks, markById: new Map(marks.map((m) => [m.id, m])), annotations: new Map(annotations.map((a) => [a.id, a])) };
}

/**
 * The lesions of each scan, derived from its annotations (core/review's grouping rule),
 * cached per scan until its annotations change, and mirrored into the lesion index that
 * counts, progress and the review queue read across scans.
 */
export class LesionStore {
  private readonly cache = new Map<number, Computed>();
  /** Sliced passes under way, shared by callers who ask meanwhile. */
  private readonly pending = new Map<number, Promise<Computed>>();
  /** Bumped on every change of a scan's annotations: a pass begun before it is stale. */
  private readonly generation = new Map<number, number>();

  constructor(
    private readonly db: LungDeskDb,
    private readonly scanOf: (scanId: number) => ScanRecord,
  ) {}

  /** Forgets a scan's lesions and re-indexes them: call after its annotations changed. */
  refresh(scanId: number): void {
    this.invalidate(scanId);
    this.index(scanId, this.computed(scanId));
  }

  /**
   * refresh with the event loop free every few ms (a scan of 25k rows takes most of a
   * second): the rows are read page by page, the lesions summarised in slices. A newer
   * change to the scan meanwhile wins: this one then writes nothing.
   */
  async refreshSliced(scanId: number): Promise<void> {
    this.invalidate(scanId);
    const gen = this.generationOf(scanId);
    const slicer = timeSlicer();
    const c = await this.computedSliced(scanId, slicer);
    if (this.generationOf(scanId) !== gen) return;
    // The rows in short transactions; before each, a newer change to the scan stops this pass
    // (in the same tick as the write, so two passes never interleave their rows).
    const steps = replaceScanLesionsSteps(this.db, scanId, this.indexRows(c));
    for (let r = steps.next(); !r.done; r = steps.next()) {
      await slicer.tick();
      if (this.generationOf(scanId) !== gen) return;
    }
    this.reattachDecisions(scanId, c.summaries);
  }

  /** Drops the scan's lesion index rows (they are rebuilt by refresh, or at the next start if none comes). */
  forget(scanId: number): void {
    this.invalidate(scanId);
    replaceScanLesions(this.db, scanId, []);
  }

  /** The scan's lesions with their decisions and the scan's review state. */
  list(scanId: number): ScanLesions {
    const c = this.computed(scanId);
    this.reattachDecisions(scanId, c.summaries);
    const decisions = new Map(listDecisions(this.db, scanId).map((d) => [d.lesionKey, d]));
    return this.assemble(scanId, c, c.summaries.map((s, i) => this.toLesion(scanId, s, i + 1, c, decisions.get(s.key) ?? null)));
  }

  /** list, with the event loop free every few ms while a large scan's lesions are computed and assembled. */
  async listSliced(scanId: number): Promise<ScanLesions> {
    const slicer = timeSlicer();
    const c = await this.computedSliced(scanId, slicer);
    // Lesions read before their refresh ended (a re-index's rows are stored, then refreshed
    // in slices) take their decisions here: a decision is never shown as lost meanwhile.
    this.reattachDecisions(scanId, c.summaries);
    const decisions = new Map(listDecisions(this.db, scanId).map((d) => [d.lesionKey, d]));
    return this.assemble(scanId, c, await mapSliced(c.summaries, (s, i) => this.toLesion(scanId, s, i + 1, c, decisions.get(s.key) ?? null), slicer));
  }

  private assemble(scanId: number, c: Computed, lesions: Lesion[]): ScanLesions {
    const done = scanDoneMark(this.db, scanId);
    return { scanId, readerTotal: c.readerTotal, lesions, review: { scanId, ...scanReviewStatus(lesions, done !== null), done } };
  }

  private index(scanId: number, c: Computed): void {
    replaceScanLesions(this.db, scanId, this.indexRows(c));
    this.reattachDecisions(scanId, c.summaries);
  }

  private indexRows(c: Computed): { lesionKey: string; ordinal: number; category: LesionSummary['category']; center: [number, number, number]; diameterMm: number | null }[] {
    return c.summaries.map((s, i) => ({ lesionKey: s.key, ordinal: i + 1, category: s.category, center: s.center, diameterMm: s.diameterMm }));
  }

  private invalidate(scanId: number): void {
    this.cache.delete(scanId);
    this.pending.delete(scanId);
    this.generation.set(scanId, this.generationOf(scanId) + 1);
  }

  private generationOf(scanId: number): number {
    return this.generation.get(scanId) ?? 0;
  }

  private hit(scanId: number): Computed | undefined {
    const hit = this.cache.get(scanId);
    if (hit) {
      this.cache.delete(scanId);
      this.cache.set(scanId, hit);
    }
    return hit;
  }

  private store(scanId: number, value: Computed): void {
    this.cache.set(scanId, value);
    while (this.cache.size > CACHE_SCANS) this.cache.delete(this.cache.keys().next().value!);
  }

  private geometry(scanId: number): VolumeGeometry {
    const scan = this.scanOf(scanId);
    return { dims: scan.dims, spacing: scan.spacing, origin: scan.origin, direction: scan.direction };
  }

  private computed(scanId: number): Computed {
    const hit = this.hit(scanId);
    if (hit) return hit;
    const g = this.geometry(scanId);
    const annotations = listAnnotations(this.db, scanId);
    const marks = lesionMarksOf(annotations, listAnnotationContours(this.db, scanId), g);
    const readerTotal = readerTotalOf(annotations);
    const summaries = groupLesions(marks, g).map((grp) => summarizeLesion(grp, marks, g, readerTotal));
    const value = computedValue(readerTotal, summaries, marks, annotations);
    this.store(scanId, value);
    return value;
  }

  /** computed, read and summarised in slices; callers asking meanwhile share one pass. */
  private computedSliced(scanId: number, slicer = timeSlicer()): Promise<Computed> {
    const hit = this.hit(scanId);
    if (hit) return Promise.resolve(hit);
    const running = this.pending.get(scanId);
    if (running) return running;
    const gen = this.generationOf(scanId);
    const work = (async () => {
      const g = this.geometry(scanId);
      const annotations = await readAnnotationsSliced(this.db, scanId, slicer);
      const marks = lesionMarksOf(annotations, listAnnotationContours(this.db, scanId), g);
      await slicer.tick();
      const readerTotal = readerTotalOf(annotations);
      const groups = await runStepsSliced(groupLesionsSteps(marks, g), slicer);
      const summaries = await mapSliced(groups, (grp) => summarizeLesion(grp, marks, g, readerTotal), slicer);
      const value = computedValue(readerTotal, summaries, marks, annotations);
      // A change to the scan's annotations meanwhile makes this pass stale: not kept.
      if (this.generationOf(scanId) === gen) this.store(scanId, value);
      return value;
    })();
    this.pending.set(scanId, work);
    const clear = (): void => {
      if (this.pending.get(scanId) === work) this.pending.delete(scanId);
    };
    work.then(clear, clear);
    return work;
  }

  /**
   * Decisions whose lesion key no longer exists (re-indexing changed the lesion's members)
   * move to the undecided lesion at their centre; the move is audited. Ones that find no
   * lesion stay stored, unattached, so nothing a reviewer decided is ever thrown away.
   */
  private reattachDecisions(scanId: number, summaries: readonly LesionSummary[]): void {
    const stored = listDecisions(this.db, scanId);
    const keys = new Set(summaries.map((s) => s.key));
    const taken = new Set(stored.filter((d) => keys.has(d.lesionKey)).map((d) => d.lesionKey));
    if (stored.every((d) => keys.has(d.lesionKey))) return;
    // Only the lesions whose reach holds the decision's centre can take it (a grid, not a scan of all).
    const reach = new BoxGrid(
      summaries.map((s) => {
        const r = Math.max(5, (s.diameterMm ?? 0) / 2);
        return { lo: [s.center[0] - r, s.center[1] - r, s.center[2] - r], hi: [s.center[0] + r, s.center[1] + r, s.center[2] + r] };
      }),
    );
    for (const d of stored) {
      if (keys.has(d.lesionKey)) continue;
      const near = reach.holding(d.center).map((i) => summaries[i]!);
      const target = rematchDecision(d.center, near.filter((s) => !taken.has(s.key)));
      if (!target) continue;
      rekeyDecision(this.db, scanId, d.lesionKey, target.key);
      taken.add(target.key);
      appendAudit(this.db, { actor: 'lungdesk', action: 'review.rematched', entity: 'lesion', entityId: `${scanId}/${target.key}`, detail: { scanId, from: d.lesionKey, to: target.key } });
    }
  }

  private toLesion(scanId: number, s: LesionSummary, ordinal: number, c: Computed, d: StoredDecision | null): Lesion {
    const members: LesionMember[] = s.memberIds.map((id) => {
      const a = c.annotations.get(id)!;
      const mark = c.markById.get(id);
      return {
        annotationId: id,
        source: a.source,
        kind: a.kind,
        readerLabel: readerLabelOf(a),
        center: a.center,
        diameterMm: a.diameterMm,
        volumeMm3: a.volumeMm3,
        characteristics: a.characteristics,
        sourceFile: a.sourceFile,
        sourceLine: a.sourceLine,
        outline: mark?.mask ? encodeMaskRle(mark.mask) : null,
      };
    });
    const decision: LesionDecision | null = d
      ? { decision: d.decision, reason: d.reason, reasonText: d.reasonText, diameterMm: d.diameterMm, reviewer: d.reviewer, decidedAt: d.decidedAt }
      : null;
    return {
      key: s.key,
      scanId,
      ordinal,
      category: s.category,
      center: s.center,
      diameterMm: s.diameterMm,
      volumeMm3: s.volumeMm3,
      readersMarked: s.readersMarked,
      readerTotal: s.readerTotal,
      consensus: s.consensus,
      sources: [...new Set(members.map((m) => m.source))],
      members,
      outline: s.outline ? encodeMaskRle(s.outline) : null,
      outlineLevel: s.outlineLevel,
      state: decision ? decision.decision : 'undecided',
      decision,
    };
  }
}
