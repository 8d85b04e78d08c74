// The environment a command target runs with: the least it needs to start (PATH and HOME, plus what Windows
// needs to run anything at all) and the variables its config names under `env:`. Nothing else of the runner's
// environment reaches it: no GITHUB_TOKEN, ACTIONS_RUNTIME_TOKEN, INPUT_* (the action's inputs, github-token
// among them) or provider keys it did not name.

const BASE_VARIABLES = ['PATH', 'HOME'] as const;
const WINDOWS_VARIABLES = ['SystemRoot', 'ComSpec', 'PATHEXT', 'TEMP', 'TMP'] as const;

/**
 * `runEnv` is the run's environment; `fallback` fills PATH and HOME when the run was given a reduced one (tests
 * pass only keys). `named` are the config's resolved `env:` values, which win.
 */
export function commandEnvironment(
  runEnv: Readonly<Record<string, string | undefined>>,
  named: Readonly<Record<string, string>>,
  fallback: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): Record<string, string> {
  const env: Record<string, string> = {};
  const names = platform === 'win32' ? [...BASE_VARIABLES, ...WINDOWS_VARIABLES] : BASE_VARIABLES;
  for (const name of names) {
    const value = runEnv[name] ?? fallback[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...named };
}
