#!/usr/bin/env node
// The `tsoc` command (package.json "bin"); the code is compiled to dist/ by `npm install`.
import { endQuietlyWhenReaderCloses, runCli } from '../dist/src/cli/main.js';

// A reader that stops early (`| head`) ends the output quietly, exit 0.
endQuietlyWhenReaderCloses(process.stdout);

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  write: (chunk) => process.stdout.write(chunk),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
});
process.exitCode = code;
