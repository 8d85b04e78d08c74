// Every secret the action can see is masked in the log and redacted from everything it says. One Redactor holds
// them: the environment's (provider keys, GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, INPUT_GITHUB-TOKEN, URL
// credentials), the github-token input, and those the runs add (agent header values, command env values). Each is
// masked with core.setSecret as it becomes known; masking covers the runner's log only, so every message, output,
// the job summary and the comment also pass through the redactor, and the results files are kept clean where the
// text enters them (models/instrumented.ts).

import { safeLogLine } from '../report/markdown/escape.ts';
import { envSecrets } from '../util/env-secrets.ts';
import { Redactor } from '../util/redact.ts';
import type { ActionCore } from './types.ts';

/** The action's redactor, each of its secrets masked in the log now and as more are added. */
export function maskedRedactor(core: ActionCore, env: NodeJS.ProcessEnv): Redactor {
  const redactor = new Redactor(envSecrets(env));
  redactor.onAdd((secret) => core.setSecret(secret));
  return redactor;
}

/**
 * The same core with every piece of text it is given redacted; info lines are also made inert (notices,
 * warnings, errors and outputs are escaped by @actions/core itself, which encodes newlines and `%`).
 */
export function redactingCore(core: ActionCore, redactor: Redactor): ActionCore {
  const redact = (text: string): string => redactor.redact(text);
  return {
    getInput: (name) => core.getInput(name),
    setSecret: (secret) => core.setSecret(secret),
    setOutput: (name, value) => core.setOutput(name, redact(value)),
    setFailed: (message) => core.setFailed(redact(message)),
    info: (message) =>
      core.info(
        redact(message)
          .split('\n')
          .map((line) => safeLogLine(line))
          .join('\n'),
      ),
    notice: (message, properties) => core.notice(redact(message), properties),
    warning: (message, properties) => core.warning(redact(message), properties),
    error: (message, properties) => core.error(redact(message), properties),
    appendSummary: (markdown) => core.appendSummary(redact(markdown)),
  };
}
