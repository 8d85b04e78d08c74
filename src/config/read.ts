// Reading the data folder's files: missing files, YAML and JSON syntax errors become one-line ConfigErrors.

import { parseDocument } from 'yaml';
import { ConfigError } from '../util/errors.ts';
import { readTextIfExists } from '../util/fs.ts';
import { parserMessage } from '../util/json-text.ts';

/** The file's text, or undefined when it does not exist (nor does a folder on its path). */
export function readConfigText(path: string): Promise<string | undefined> {
  return readTextIfExists(path, ['ENOENT', 'ENOTDIR']);
}

/**
 * Aliases a YAML file may expand, counted as yaml counts them (uses times the aliased node's own aliases): a seed
 * needs few, and a few nested anchors can otherwise expand into billions of nodes (an alias bomb).
 */
export const MAX_YAML_ALIASES = 100;

/** Parses YAML; a syntax error names its line. `file` is the name shown to the user. */
export function parseYamlText(file: string, text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ConfigError(file, line ? `line ${line}` : '', 'valid YAML', parserMessage(error.message));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (caught) {
    if (!(caught instanceof ReferenceError)) throw caught;
    throw new ConfigError(
      file,
      '',
      `YAML whose aliases expand at most ${MAX_YAML_ALIASES} times`,
      'more (an alias bomb)',
    );
  }
}
