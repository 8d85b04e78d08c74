// Petri's transcript viewer from npm (@kaifronsdal/transcript-viewer, the viewer Petri and Bloom transcripts are
// read in), started as its users start it: its own bin, serving a folder of transcripts on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export interface PetriViewer {
  url: string;
  close(): Promise<void>;
}

/** A port free right now (the bin takes a port number, and reads 0 as "use 3000"). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the viewer did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the viewer exited (${code}):\n${output}`));
    });
  });
}

/** Starts the viewer on `dir` (its folders become the viewer's groups) and waits until it listens. */
export async function startPetriViewer(dir: string): Promise<PetriViewer> {
  const bin = join(
    dirname(require.resolve('@kaifronsdal/transcript-viewer/package.json')),
    'bin/transcript-viewer.js',
  );
  const port = await freePort();
  const child = spawn(process.execPath, [bin, '--dir', dir, '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /Transcript Viewer is running/, 30_000);
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
