// "${VAR}" in header values and command env: resolved from the environment when a client is created. The
// resolved values are secrets: callers keep only the templates in anything they write or print.

import { isRunnerToken } from '../util/env-secrets.ts';
import { ConfigError } from '../util/errors.ts';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface ResolvedTemplates {
  values: Record<string, string>;
  /** Every substituted env value, for redaction from error messages. */
  secrets: string[];
}

/** Resolves each template; the first missing variable is a ConfigError naming it (never its value). */
export function resolveEnvTemplates(
  templates: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  where: { file: string; keyPath: string },
): ResolvedTemplates {
  const values: Record<string, string> = {};
  const secrets: string[] = [];
  for (const [name, template] of Object.entries(templates)) {
    values[name] = template.replace(VARIABLE, (_, variable: string) => {
      if (isRunnerToken(variable)) {
        throw new ConfigError(
          where.file,
          `${where.keyPath}.${name}`,
          "a variable other than the runner's own tokens (GITHUB_TOKEN, ACTIONS_*, INPUT_*); pass a token of its own under another name",
          `\${${variable}}`,
        );
      }
      const value = env[variable];
      if (value === undefined || value === '') {
        throw new ConfigError(
          'environment',
          variable,
          `a value for \${${variable}} (used by ${where.file}: ${where.keyPath}.${name})`,
          'nothing',
        );
      }
      secrets.push(value);
      return value;
    });
  }
  return { values, secrets };
}
