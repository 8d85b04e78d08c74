// The action's entry (bundled to dist/index.js): wires the real @actions packages into run().

import * as core from '@actions/core';
import { capYoungGeneration } from '../util/young-generation.ts';
import type { Octokit } from './comment.ts';
import { run } from './run.ts';
import type { ActionDeps } from './types.ts';

capYoungGeneration();

// @actions/github parses the event payload when it is first loaded (and @actions/artifact loads it), throwing on a
// payload that is not JSON before any output is set. Loaded lazily, such a payload reaches run(), which refuses it
// in one line with the action's outputs.
const loaded = await Promise.all([import('@actions/github'), import('@actions/artifact')]).catch(
  (error: unknown) => error,
);
const packages = Array.isArray(loaded) ? loaded : null;
const unavailable = (): never => {
  throw loaded instanceof Error ? loaded : new Error(String(loaded));
};

await run({
  core: {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setFailed: (message) => core.setFailed(message),
    setSecret: (secret) => core.setSecret(secret),
    info: (message) => core.info(message),
    notice: (message, properties) => core.notice(message, properties),
    warning: (message, properties) => core.warning(message, properties),
    error: (message, properties) => core.error(message, properties),
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
  },
  env: process.env,
  getOctokit: (token): Octokit => (packages ? packages[0].getOctokit(token) : unavailable()),
  artifactClient: packages ? new packages[1].DefaultArtifactClient() : unavailableArtifacts(unavailable),
});

function unavailableArtifacts(fail: () => never): ActionDeps['artifactClient'] {
  return {
    uploadArtifact: async () => fail(),
    downloadArtifact: async () => fail(),
    listArtifacts: async () => fail(),
  };
}
