/**
 * Once per test run: make sure the Temporal binaries are installed (idempotent), bundle the
 * workflow code once, write one migrated read model that every test system's read model starts
 * as a copy of, and start the one Temporal dev server that the test systems share, each in a
 * namespace of its own (harness/testDevServer.ts). Bundling here is also the CI check that the
 * workflow bundle builds.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { bundleWorkflows } from '../../worker/createWorker';
import { PREBUILT_READ_MODEL_TEMPLATE, PREBUILT_WORKFLOW_BUNDLE, READ_MODEL_TEMPLATE_ENV, WORKFLOW_BUNDLE_ENV } from '../../harness';
import { SHARED_TEMPORAL_ENV, startDevServer } from '../../harness/testDevServer';
import { writeReadModelTemplate } from '../../readModel/embedded';

/** scripts/setup-temporal.sh (a few seconds on a fresh clone, nothing once installed), in a process of its own. */
function installTemporal(): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('bash', [path.resolve(__dirname, '../../scripts/setup-temporal.sh')], (err, stdout, stderr) =>
      err ? reject(new Error(`scripts/setup-temporal.sh failed:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

async function buildOnce(): Promise<void> {
  await Promise.all([bundleWorkflows(PREBUILT_WORKFLOW_BUNDLE), writeReadModelTemplate(PREBUILT_READ_MODEL_TEMPLATE)]);
  // the test files' processes start after this and inherit it
  process.env[READ_MODEL_TEMPLATE_ENV] = PREBUILT_READ_MODEL_TEMPLATE;
  process.env[WORKFLOW_BUNDLE_ENV] = PREBUILT_WORKFLOW_BUNDLE;
}

/** The binaries, the workflow bundle and the read-model template (also the cluster run's, test/cluster/setup.ts). */
export async function prepareTestRun(): Promise<void> {
  await Promise.all([installTemporal(), buildOnce()]);
}

export default async function setup(): Promise<() => Promise<void>> {
  // the install runs beside the bundling and the template (this process's CPU); the dev server needs it
  const starting = installTemporal().then(() => startDevServer());
  try {
    await buildOnce();
  } catch (err) {
    await (await starting.catch(() => undefined))?.stop();
    throw err;
  }
  const server = await starting;
  process.env[SHARED_TEMPORAL_ENV] = server.address;
  return () => server.stop();
}
