/** Web Storage when the page has it (the browser host and Electron both do); null where denied. */
export function browserStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
