// The action's entry (dist/index.js, what action.yml runs): checks the Node version first, then loads the action,
// which the build bundles into a file of its own so that an older Node never has to link it.
import { exitOnUnsupportedNode } from '../util/node-version.ts';

exitOnUnsupportedNode('bloom-action');
await import('./index.ts');
