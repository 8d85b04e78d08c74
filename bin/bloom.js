#!/usr/bin/env node
// The package's `bloom` command runs the bundled CLI (dist/cli.js, built by `npm run build`).
import module from 'node:module';

// V8's compiled code for the 4 MB bundle is kept in the OS temp folder and reused: later runs start ~0.2 s sooner.
module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
