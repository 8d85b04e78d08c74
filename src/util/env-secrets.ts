// Which values of the environment are secrets: every variable whose name says so (keys, tokens, passwords,
// the runner's own ACTIONS_RUNTIME_TOKEN and the action's INPUT_GITHUB-TOKEN), and the credentials inside any
// URL (user info and query values, e.g. a proxy's `http://user:pass@host` or a webhook's `?token=`).

/** Name segments (split on `_` and `-`) that mark a variable's value as a secret. */
const SECRET_SEGMENTS = new Set([
  'KEY',
  'APIKEY',
  'TOKEN',
  'SECRET',
  'SECRETS',
  'PASSWORD',
  'PASSWD',
  'PASSPHRASE',
  'CREDENTIAL',
  'CREDENTIALS',
  'AUTH',
  'COOKIE',
  'PAT',
]);

/** Values found by name or inside a URL must be at least this long: shorter ones are ordinary words. */
export const MIN_FOUND_SECRET_LENGTH = 8;

/** Where a variable names an address (ACTIONS_ID_TOKEN_REQUEST_URL): only the credentials in it are secret. */
const ADDRESS_SUFFIX = /[_-](URL|URI|ENDPOINT|HOST)$/i;

export function isSecretName(name: string): boolean {
  if (ADDRESS_SUFFIX.test(name)) return false;
  return name
    .toUpperCase()
    .split(/[_-]+/)
    .some((segment) => SECRET_SEGMENTS.has(segment));
}

/**
 * Variables a target may never be given, even by name: the runner's own tokens and the action's inputs. They
 * grant write access to the repository, its artifacts and caches, and a pull request controls the target.
 */
export function isRunnerToken(name: string): boolean {
  return name === 'GITHUB_TOKEN' || /^(ACTIONS|INPUT)_/i.test(name);
}

/** Every secret value in `env`: by name, and the credentials of any URL-valued variable. */
export function envSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (isSecretName(name) && value.length >= MIN_FOUND_SECRET_LENGTH) secrets.push(value);
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) secrets.push(...urlSecrets(value));
  }
  return secrets;
}

/** The user name, password and query values of a URL (decoded), those long enough to be credentials. */
export function urlSecrets(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const parts = [
    safeDecode(parsed.username),
    safeDecode(parsed.password),
    ...[...parsed.searchParams.values()],
  ];
  return parts.filter((part) => part.length >= MIN_FOUND_SECRET_LENGTH);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
