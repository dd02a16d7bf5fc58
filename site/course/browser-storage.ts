/** The page's local storage, or null where the browser refuses it (privacy settings, sandboxed frames). */
export function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
