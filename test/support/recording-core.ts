// The action's core (@actions/core's slice it uses) as a recorder: inputs given up front, every output, failure,
// secret, log line, annotation and summary kept for the test to read. Shared by the in-process action tests.

import type { ActionCore, AnnotationProperties } from '../../src/action/types.ts';

export interface Annotation {
  message: string;
  properties?: AnnotationProperties;
}

export class RecordingCore implements ActionCore {
  readonly outputs: Record<string, string> = {};
  readonly failed: string[] = [];
  readonly secrets: string[] = [];
  readonly infos: string[] = [];
  readonly notices: Annotation[] = [];
  readonly warnings: Annotation[] = [];
  readonly errors: Annotation[] = [];
  readonly summaries: string[] = [];
  private readonly inputs: Record<string, string>;
  constructor(inputs: Record<string, string>) {
    this.inputs = inputs;
  }
  getInput(name: string): string {
    return this.inputs[name] ?? '';
  }
  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }
  setFailed(message: string): void {
    this.failed.push(message);
  }
  setSecret(secret: string): void {
    this.secrets.push(secret);
  }
  info(message: string): void {
    this.infos.push(message);
  }
  notice(message: string, properties?: AnnotationProperties): void {
    this.notices.push({ message, properties });
  }
  warning(message: string, properties?: AnnotationProperties): void {
    this.warnings.push({ message, properties });
  }
  error(message: string, properties?: AnnotationProperties): void {
    this.errors.push({ message, properties });
  }
  async appendSummary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
  }
  noticeText(): string {
    return this.notices.map((n) => n.message).join('\n');
  }
}
