/** Where the app's keys go: text fields keep theirs; the scroll keys follow the mouse (key-routing.ts). */
import { keyGoesToHoveredPane, type FocusKind } from './key-routing';

/** Marks an element whose hovering takes the scroll keys (the reading room's panes); see key-routing.ts. */
export const HOVER_KEYS_ATTRIBUTE = 'data-hover-keys';

/** Input types that take typed text or step a number with the arrows. */
const TEXT_INPUT_TYPES: ReadonlySet<string> = new Set(['', 'text', 'search', 'number', 'email', 'url', 'tel', 'password', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Marks an open modal dialog (the Export dialog): while one is open, every key is its own. */
export const MODAL_SELECTOR = '[aria-modal="true"]';

/** Whether a modal dialog is open: the app's keys rest meanwhile, as they do while a field takes text. */
export function modalOpen(): boolean {
  return document.querySelector(MODAL_SELECTOR) !== null;
}

/** Whether a key goes to a text field, or to an open modal dialog (the app's single-letter keys must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (modalOpen()) return true;
  if (!(target instanceof HTMLElement)) return false;
  // Inputs that take no text (a checkbox just ticked) leave the app's keys working.
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** What kind of element a key press comes from. */
export function focusKind(target: EventTarget | null): FocusKind {
  if (!(target instanceof HTMLElement) || target === document.body) return 'none';
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return 'text';
  if (target instanceof HTMLInputElement) return TEXT_INPUT_TYPES.has(target.type) ? 'text' : 'control';
  return 'control';
}

/** Whether the mouse is over an element marked with HOVER_KEYS_ATTRIBUTE. */
export function paneHovered(): boolean {
  return document.querySelector(`[${HOVER_KEYS_ATTRIBUTE}]:hover`) !== null;
}

/** `keyGoesToHoveredPane` for a DOM key event. */
export function goesToHoveredPane(e: KeyboardEvent): boolean {
  return keyGoesToHoveredPane(e, focusKind(e.target), paneHovered());
}

/**
 * Whether a keydown is one of the app's plain keys: not handled already, no Ctrl / Cmd /
 * Alt (Shift is part of the key, as in Shift+M), and not typed into a field, except a scroll
 * key while the mouse is over a pane (from a select or slider too).
 */
export function isAppKey(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || modalOpen()) return false;
  return !isTyping(e.target) || goesToHoveredPane(e);
}
