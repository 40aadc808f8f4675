// Preloaded (node --require) into CLI runs of the probe: prints the process's peak RSS on stderr
// at exit, so the probe can see how much memory a zlib bomb or a huge header made the CLI take.
'use strict';
process.on('exit', () => {
  try {
    require('node:fs').writeSync(2, `\nLUNGDESK_PROBE_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    // stderr closed: nothing to report to
  }
});
