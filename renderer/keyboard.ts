/** Whether a key goes to a text field (the app's single-letter keys must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Whether a keydown is one of the app's plain keys: not typed into a field, not handled
 * already, no Ctrl / Cmd / Alt (Shift is part of the key, as in Shift+M).
 */
export function isAppKey(e: KeyboardEvent): boolean {
  return !e.defaultPrevented && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target);
}
