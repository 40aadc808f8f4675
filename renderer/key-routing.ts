/**
 * Who gets a key press, as pure logic (no DOM): the keys that scroll an image (arrows, Page
 * Up/Down) go to the pane under the mouse even when a list or another control has focus, as
 * a PACS scrolls the image under the pointer, unless the reader is typing in a text field
 * (where they move the caret or step a number).
 */

const SCROLL_KEYS: ReadonlySet<string> = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown']);

/** What has the focus, as far as keys are concerned. */
export type FocusKind = 'text' | 'control' | 'none';

/** The parts of a KeyboardEvent the routing reads. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * Whether a key goes to the pane under the mouse rather than to the focused element: a
 * scroll key (Shift allowed: Shift+arrows pan), no Ctrl / Cmd / Alt, a pane hovered, and
 * the focus not in a text field.
 */
export function keyGoesToHoveredPane(e: KeyPress, focus: FocusKind, paneHovered: boolean): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey) return false;
  return SCROLL_KEYS.has(e.key) && paneHovered && focus !== 'text';
}
