/** Whether a key goes to a text field (the app's single-letter keys must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

// Inputs that take no text: after ticking a box the app's keys must still work.
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/**
 * Whether a keydown is one of the app's plain keys: not typed into a field, not handled
 * already, no Ctrl / Cmd / Alt (Shift is part of the key, as in Shift+M).
 */
export function isAppKey(e: KeyboardEvent): boolean {
  return !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
}
