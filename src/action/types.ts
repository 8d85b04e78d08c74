// The slices of @actions/core and @actions/github the action uses, as plain interfaces: index.ts passes the
// real modules, tests pass recorders.

import type { ArtifactClient } from '@actions/artifact';
import type { ArtifactUploader } from './artifact.ts';
import type { ArtifactDownloader } from './baseline-artifact.ts';
import type { Octokit } from './comment.ts';

export interface AnnotationProperties {
  title?: string;
}

export interface ActionCore {
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  setSecret(secret: string): void;
  info(message: string): void;
  notice(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  appendSummary(markdown: string): Promise<void>;
}

/** The one method of @actions/artifact's DefaultArtifactClient the merge job lists this run's shards with. */
export type ArtifactLister = Pick<ArtifactClient, 'listArtifacts'>;

export type OctokitFactory = (token: string) => Octokit;

/** Everything the action reaches outside itself: index.ts passes the real clients, tests fakes or local servers. */
export interface ActionDeps {
  core: ActionCore;
  env: NodeJS.ProcessEnv;
  getOctokit: OctokitFactory;
  artifactClient: ArtifactUploader & ArtifactDownloader & ArtifactLister;
}
