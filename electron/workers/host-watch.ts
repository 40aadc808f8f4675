/** How often a worker checks that its parent still lives (the check Electron's port lacks). */
const PARENT_POLL_MS = 500;

/**
 * Calls `onGone` once the host is gone (killed, crashed): nobody will take the result, so the
 * worker must stop rather than work on as an orphan (a killed export must not have workers
 * still writing its folder). Node's IPC channel says so with 'disconnect'; Electron's parent
 * port says nothing, so the parent pid is also watched: a dead parent's children are
 * re-parented (to init or a subreaper), which changes `process.ppid` on POSIX (on Windows only
 * the channel tells). Both are heard only between turns of the event loop, so a job busy in
 * one long native call notices when that call returns.
 */
export function watchHost(onGone: (why: string) => void, pollMs = PARENT_POLL_MS): void {
  const ppid = process.ppid;
  const poll = setInterval(() => {
    if (process.ppid !== ppid) onGone(`its parent process ${ppid} ended`);
  }, pollMs);
  poll.unref();
  process.once('disconnect', () => onGone('its IPC channel closed'));
}
