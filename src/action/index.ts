// The action's entry (bundled to dist/index.js): wires the real @actions packages into run().

import { DefaultArtifactClient } from '@actions/artifact';
import * as core from '@actions/core';
import { getOctokit } from '@actions/github';
import { capYoungGeneration } from '../util/young-generation.ts';
import { run } from './run.ts';

capYoungGeneration();

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
  getOctokit: (token) => getOctokit(token),
  artifactClient: new DefaultArtifactClient(),
});
