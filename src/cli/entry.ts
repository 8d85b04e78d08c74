// The CLI bundle's entry (dist/cli.js, which bin/bloom.js runs): checks the Node version first, then loads the
// CLI, which the build bundles into a file of its own so that an older Node never has to link it.
import { exitOnUnsupportedNode } from '../util/node-version.ts';

exitOnUnsupportedNode(
  'bloom',
  'in a clone of bloom-action, npx bloom runs on the Node 24 that npm install brings',
);
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
