#!/usr/bin/env node
// The package's `bloom` command: the bundled CLI. dist/cli.js checks the Node version, then loads
// dist/cli-bundle.js (both built by `npm run build`; in a clone of this repository, committed and kept fresh by CI).
import module from 'node:module';

// V8's compiled code for the bundle (a few MB) is kept in the OS temp folder and reused: later runs start sooner.
module.enableCompileCache?.();
await import('../dist/cli.js');
