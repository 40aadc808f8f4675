#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'electron', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('lungdesk: not built yet: run `npm install` (or `npm run build`) in ' + path.dirname(__dirname) + '\n');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write('lungdesk: ' + String(e) + '\n');
      process.exitCode = 1;
    },
  );
