// Every provider, one line each: routing (route.ts) finds a model id's provider here by its prefix.

import type { Provider } from '../provider.ts';
import { anthropic } from './anthropic.ts';
import { gemini } from './gemini.ts';
import { openai } from './openai.ts';
import { openrouter } from './openrouter.ts';
import { scripted } from './scripted.ts';

export const PROVIDERS: readonly Provider[] = [anthropic, openai, openrouter, gemini, scripted];
