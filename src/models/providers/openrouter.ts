// OpenRouter's hosted service: OpenAI's dialect at its own address and key (the ids Bloom names openrouter/...).

import type { Provider } from '../provider.ts';
import { createChatCompletionsClient } from './openai.ts';

export const openrouter: Provider = {
  prefix: 'openrouter',
  hosted: {
    baseURL: 'https://openrouter.ai/api/v1',
    baseUrlEnv: 'OPENROUTER_BASE_URL',
    keyEnv: 'OPENROUTER_API_KEY',
  },
  createClient: (options) => createChatCompletionsClient(options),
};
