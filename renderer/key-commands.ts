/**
 * The reading room's keys as rows of command tables: each feature lists its commands once
 * (the action, the chords that run it, how the keys are written, what it does), its key
 * handler finds the row of a key press in that table, and the keyboard map (?) is built from
 * the same rows, so a key shown anywhere is the key that works.
 */

/** One key press that runs a command: `KeyboardEvent.key`, letters matched in either case; `shift` set means Shift must be in that state. */
export interface KeyChord {
  key: string;
  shift?: boolean;
}

export interface KeyCommand<A> {
  action: A;
  /** What runs it; empty for a mouse gesture that is only listed. */
  chords: readonly KeyChord[];
  /** How the keys are written for people ("Shift+M", "Wheel"). */
  keys: readonly string[];
  /** What it does. */
  label: string;
  /** Rows with the same line are listed as one line of the map (their keys together, the first row's label). */
  line?: string;
}

/** The parts of a KeyboardEvent a table reads. */
export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

const isLetter = (k: string): boolean => /^[a-z]$/i.test(k);

/** Whether a press is this chord: letters case-blind (Caps Lock must not turn m into Shift+M), Shift as the chord says. */
export function chordMatches(c: KeyChord, e: Pick<KeyPress, 'key' | 'shiftKey'>): boolean {
  const keyOk = isLetter(c.key) ? e.key.toLowerCase() === c.key.toLowerCase() : e.key === c.key;
  return keyOk && (c.shift === undefined || c.shift === e.shiftKey);
}

/** The row a plain key press runs, or null; Ctrl, Cmd and Alt chords belong to the system and the browser. */
export function commandFor<A>(table: readonly KeyCommand<A>[], e: KeyPress): KeyCommand<A> | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return table.find((c) => c.chords.some((ch) => chordMatches(ch, e))) ?? null;
}

/** The map's lines of a table: rows sharing a `line` merged, gestures included. */
export function mapLines(table: readonly KeyCommand<unknown>[]): { keys: string[]; action: string }[] {
  const out: { line: string | undefined; keys: string[]; action: string }[] = [];
  for (const c of table) {
    const same = c.line !== undefined ? out.find((l) => l.line === c.line) : undefined;
    if (same) same.keys.push(...c.keys.filter((k) => !same.keys.includes(k)));
    else out.push({ line: c.line, keys: [...c.keys], action: c.label });
  }
  return out.map(({ keys, action }) => ({ keys, action }));
}

/** Presses that more than one row answers, across tables that listen at the same time (a bug: one would shadow the other). */
export function chordClashes(tables: readonly (readonly KeyCommand<unknown>[])[]): string[] {
  const rows = tables.flat();
  const probes: KeyPress[] = [];
  for (const r of rows) {
    for (const ch of r.chords) {
      for (const shiftKey of ch.shift === undefined ? [false, true] : [ch.shift]) {
        const key = isLetter(ch.key) ? (shiftKey ? ch.key.toUpperCase() : ch.key.toLowerCase()) : ch.key;
        probes.push({ key, shiftKey, ctrlKey: false, metaKey: false, altKey: false });
      }
    }
  }
  const clashes = new Set<string>();
  for (const p of probes) {
    const hits = rows.filter((r) => r.chords.some((ch) => chordMatches(ch, p)));
    if (hits.length > 1) clashes.add(`${p.shiftKey ? 'Shift+' : ''}${p.key}: ${hits.map((h) => h.label).join(' / ')}`);
  }
  return [...clashes];
}
