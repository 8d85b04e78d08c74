// Builds the target's ModelClient from its plan: a provider model (optionally behind the team's system prompt),
// an HTTP agent or a command, each with the run's limiter, ledger and retry policy. Env templates are resolved
// here, so a missing variable stops the run before any call; every resolved value, header and URL credential
// joins the run's redactor.

import { instrumentClient } from '../models/instrumented.ts';
import { type ClientDeps, createModelClient } from '../models/registry.ts';
import type { ModelClient, ResolvedModel } from '../models/types.ts';
import { isSecretName, urlSecrets } from '../util/env-secrets.ts';
import { createCommandTarget } from './command.ts';
import { commandEnvironment } from './command-env.ts';
import { resolveEnvTemplates } from './env-template.ts';
import { createHttpTarget } from './http.ts';
import { targetIdentity } from './identity.ts';
import type { TargetPlan } from './resolve.ts';
import { withSystemPrompt } from './system-prompt.ts';

/** A hung command is ended by its own timeout; this outer one only backs it up. */
const COMMAND_TIMEOUT_MARGIN_MS = 5_000;

export function createTargetClient(plan: TargetPlan, deps: ClientDeps): ModelClient {
  const id = targetIdentity(plan);
  switch (plan.kind) {
    case 'model': {
      const client = createModelClient(plan.model, deps);
      return plan.systemPrompt ? withSystemPrompt(client, id, plan.systemPrompt) : client;
    }
    case 'http': {
      const { config, where } = plan;
      const headers = resolveEnvTemplates(config.headers, deps.env, {
        file: where.file,
        keyPath: keyPathOf(where.keyPath, 'http.headers'),
      });
      const endpoint = withoutCredentials(config.url, headers.values);
      deps.redactor?.add([...headers.secrets, ...secretHeaderValues(config.headers, headers.values)]);
      deps.redactor?.add(urlSecrets(config.url));
      const provider = createHttpTarget({
        id,
        url: endpoint.url,
        method: config.method,
        headers: endpoint.headers,
        body: config.body,
        replyPath: config.reply_path,
        session: config.session,
        maxReplyBytes: deps.maxReplyBytes,
        redact: redactWith(deps),
      });
      return instrumentClient(provider, {
        ...deps,
        retry: { ...deps.retry, ...(config.max_attempts ? { maxAttempts: config.max_attempts } : {}) },
        timeoutMs: config.timeout_ms ?? deps.timeoutMs,
        secrets: headers.secrets,
      });
    }
    case 'command': {
      const { config, where } = plan;
      const env = resolveEnvTemplates(config.env, deps.env, {
        file: where.file,
        keyPath: keyPathOf(where.keyPath, 'env'),
      });
      deps.redactor?.add(env.secrets);
      const provider = createCommandTarget({
        id,
        command: config.command,
        cwd: plan.cwd,
        timeoutMs: config.timeout_ms,
        env: commandEnvironment(deps.env, env.values),
        maxReplyBytes: deps.maxReplyBytes,
        redact: redactWith(deps),
      });
      // A crashing command would crash again: one attempt.
      return instrumentClient(provider, {
        ...deps,
        retry: { ...deps.retry, maxAttempts: 1 },
        timeoutMs: config.timeout_ms + COMMAND_TIMEOUT_MARGIN_MS,
        secrets: env.secrets,
      });
    }
  }
}

export const AGENT_DISPLAY_NAME = 'an AI agent under test';

/** What the pipeline records as the target model: the identity as id, a readable name for prompts. */
export function targetResolvedModel(plan: TargetPlan): ResolvedModel {
  const id = targetIdentity(plan);
  if (plan.kind === 'model') return { ...plan.model, id };
  // Prompts name the target unless anonymous_target; a URL or command line (with a port that changes between
  // runs) would make a pinned suite look stale, so agents get one stable name.
  return { name: id, id, displayName: AGENT_DISPLAY_NAME };
}

/** The model whose provider key the run needs; HTTP and command targets need none. */
export function targetKeyModel(plan: TargetPlan): ResolvedModel | undefined {
  return plan.kind === 'model' ? plan.model : undefined;
}

/** Whole header values that are secrets: those filled from the environment, and credentials by their name. */
function secretHeaderValues(templates: Record<string, string>, values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(
      ([name]) =>
        templates[name]?.includes('${') ||
        /^(proxy-)?authorization$|cookie/i.test(name) ||
        isSecretName(name),
    )
    .map(([, value]) => value);
}

function redactWith(deps: ClientDeps): ((text: string) => string) | undefined {
  const redactor = deps.redactor;
  return redactor && ((text: string) => redactor.redact(text));
}

/**
 * The URL without `user:pass@` (fetch refuses such URLs, quoting them whole in its error), the credentials sent as
 * HTTP Basic authentication instead, unless the config sets its own Authorization header.
 */
export function withoutCredentials(
  url: string,
  headers: Record<string, string>,
): { url: string; headers: Record<string, string> } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url, headers };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (hasAuthorization) return { url: parsed.href, headers };
  const basic = Buffer.from(`${user}:${password}`).toString('base64');
  return { url: parsed.href, headers: { ...headers, Authorization: `Basic ${basic}` } };
}

function keyPathOf(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}
