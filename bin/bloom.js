#!/usr/bin/env node
// The package's `bloom` command: the bundled CLI. dist/cli.js checks the Node version, then loads
// dist/cli-bundle.js (both built by `npm run build`; in a clone of this repository, committed and kept fresh by CI).
import module from 'node:module';

// V8's compiled code for the 4 MB bundle is kept in the OS temp folder and reused: later runs start ~0.2 s sooner.
module.enableCompileCache?.();
await import('../dist/cli.js');
