// The offline provider with known truth (models/scripted/): no key, no network, every role.

import type { Provider } from '../provider.ts';
import { createScriptedClient } from '../scripted/index.ts';

export const scripted: Provider = {
  prefix: 'scripted',
  createClient: (options) => createScriptedClient(options.id),
};
