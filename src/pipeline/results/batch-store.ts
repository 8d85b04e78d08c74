// .bloom/batches.json as the judge's batching client keeps it (models/batch.ts): read back only when this run left
// it (sealed and stamped with its identity, like its other files), written sealed and stamped before any wait.

import { batchesFileSchema } from '../../formats/batches.ts';
import type { RunIdentity } from '../../formats/run-info.ts';
import type { BatchStore } from '../../models/batch.ts';
import { stamped } from './stamp.ts';

export function batchStore(
  path: string,
  identity: RunIdentity,
  readIfFound: (
    path: string,
    schema: typeof batchesFileSchema,
  ) => Promise<{ batches: unknown[] } | undefined> | undefined,
  writeSealed: (path: string, value: object) => Promise<void>,
): BatchStore {
  return {
    async load() {
      const file = await readIfFound(path, batchesFileSchema);
      return file ? batchesFileSchema.parse(file).batches : [];
    },
    save: (batches) => writeSealed(path, stamped({ batches }, identity)),
  };
}
