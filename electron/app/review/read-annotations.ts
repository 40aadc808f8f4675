import type { Annotation } from '../../common/contract/annotations';
import { listAnnotationsPage, type LungDeskDb } from '../../db';
import { timeSlicer } from '../time-slice';

/** Rows per page: a few ms of reading and checking each. */
const PAGE = 250;

/**
 * A scan's live annotations as listAnnotations gives them (by source, then id), read page by
 * page with the event loop free between pages: 25k rows of one series take a third of a
 * second to read and check, which no other request should wait behind.
 */
export async function readAnnotationsSliced(db: LungDeskDb, scanId: number, slicer = timeSlicer()): Promise<Annotation[]> {
  const out: Annotation[] = [];
  let after = 0;
  for (;;) {
    const page = listAnnotationsPage(db, scanId, after, PAGE);
    for (const a of page) out.push(a);
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
    await slicer.tick();
  }
  // Stable: rows in id order, sorted by source, are in (source, id) order.
  return out.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
