/**
 * Once per test run: make sure the Temporal binaries are installed (idempotent), bundle the
 * workflow code once and write one migrated read model that every test system's read model starts
 * as a copy of. Bundling here is also the CI check that the workflow bundle builds.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/createWorker';
import { PREBUILT_READ_MODEL_TEMPLATE, PREBUILT_WORKFLOW_BUNDLE, READ_MODEL_TEMPLATE_ENV, WORKFLOW_BUNDLE_ENV } from '../../harness';
import { writeReadModelTemplate } from '../../readModel/embedded';

export default async function setup(): Promise<void> {
  try {
    execFileSync('bash', [path.resolve(__dirname, '../../scripts/setup-temporal.sh')], { stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`scripts/setup-temporal.sh failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  await Promise.all([bundleWorkflows(PREBUILT_WORKFLOW_BUNDLE), writeReadModelTemplate(PREBUILT_READ_MODEL_TEMPLATE)]);
  // the test files' processes start after this and inherit it
  process.env[READ_MODEL_TEMPLATE_ENV] = PREBUILT_READ_MODEL_TEMPLATE;
  process.env[WORKFLOW_BUNDLE_ENV] = PREBUILT_WORKFLOW_BUNDLE;
}
