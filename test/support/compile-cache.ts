// V8's code cache for the Node processes a test starts: vitest.config.ts names the folder (ram-tmpdir.ts moves it
// into the run's RAM folder), and a child whose environment is otherwise built from nothing gets it too, so its
// hundreds of modules compile once per run.

export function compileCacheEnv(): Record<string, string> {
  const dir = process.env.NODE_COMPILE_CACHE;
  return dir ? { NODE_COMPILE_CACHE: dir } : {};
}
