/**
 * Once per test run: make sure the Temporal binaries are installed (idempotent) and bundle the
 * workflow code once. Bundling here is also the CI check that the workflow bundle builds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/createWorker';
import { PREBUILT_WORKFLOW_BUNDLE } from '../../harness';

export default async function setup(): Promise<void> {
  try {
    execFileSync('bash', [path.resolve(__dirname, '../../scripts/setup-temporal.sh')], { stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`scripts/setup-temporal.sh failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  await bundleWorkflows(PREBUILT_WORKFLOW_BUNDLE);
}
