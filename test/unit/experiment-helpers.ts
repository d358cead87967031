// Shared by the experiment-*.test.ts files: resolve text and return the issues it is rejected with.
import assert from 'node:assert/strict';
import { ExperimentError, resolveExperiment, type Issue } from '../../src/core/experiment';

export function rejectionIssues(text: string, sourceFile: string, baseDir: string): Issue[] {
  try {
    resolveExperiment(text, { sourceFile, baseDir });
  } catch (err) {
    assert.ok(err instanceof ExperimentError, `expected ExperimentError, got ${String(err)}`);
    return err.issues;
  }
  assert.fail('expected the experiment to be rejected');
}

export function singleIssue(issues: Issue[]): Issue {
  assert.equal(issues.length, 1, issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return issues[0];
}
