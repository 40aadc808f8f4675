import type { CsvRowError } from './csv';

/** How many rejected rows a reader lists one by one; the rest are summed up in one entry. */
export const MAX_LISTED_ROW_ERRORS = 1000;

/**
 * Collects rejected rows with a cap, so a file of junk cannot grow an unbounded error list
 * (a UI shows the first ones; the count of the rest is still reported).
 */
export class RowErrorList {
  readonly file: string;
  private readonly list: CsvRowError[] = [];
  private omitted = 0;
  private firstOmittedLine = 0;

  constructor(file: string) {
    this.file = file;
  }

  add(line: number, message: string): void {
    if (this.list.length < MAX_LISTED_ROW_ERRORS) {
      this.list.push({ file: this.file, line, message });
      return;
    }
    if (this.omitted === 0) this.firstOmittedLine = line;
    this.omitted++;
  }

  get count(): number {
    return this.list.length + this.omitted;
  }

  finish(): CsvRowError[] {
    if (this.omitted > 0) {
      this.list.push({ file: this.file, line: this.firstOmittedLine, message: `${this.omitted} more rejected rows from this line on are not listed` });
      this.omitted = 0;
    }
    return this.list;
  }
}

/** A DICOM UID: digits and dots, at most 64 characters, no empty component. */
export function isDicomUid(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 64) return false;
  let prevDot = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (prevDot) return false;
      prevDot = true;
    } else if (c >= 48 && c <= 57) {
      prevDot = false;
    } else {
      return false;
    }
  }
  return !prevDot;
}
