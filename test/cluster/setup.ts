/**
 * Global setup of `npm run test:cluster` (vitest.cluster.config.mts): what test/integration/global-setup.ts does
 * (Temporal CLI installed, workflow bundle built), plus the cluster's own programs (Temporal Server
 * and temporal-sql-tool built with Go, PostgreSQL installed: scripts/setup-cluster.sh), and ONE
 * PostgreSQL for the whole run. Each test system then gets its own pair of Temporal databases on it
 * and its own Temporal Server process (harness/systemProcesses.ts), so a test can restart its server.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preparePostgres, waitForPostgres } from '../../platform/cluster/postgres';
import { prepareTestRun } from '../integration/global-setup';
import { CLUSTER_POSTGRES_ENV } from '../../harness';
import { freePort } from '../../platform/ports';

export default async function setup(): Promise<() => Promise<void>> {
  execFileSync('bash', [path.resolve(__dirname, '../../scripts/setup-cluster.sh')], { stdio: 'inherit' });
  await prepareTestRun();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-cluster-pg-'));
  const pg = preparePostgres(dataDir, await freePort());
  const log = fs.openSync(path.join(dataDir, 'postgresql.log'), 'a');
  const proc = spawn(pg.command, pg.args, { stdio: ['ignore', log, log], ...(pg.runAs ?? {}) });
  await waitForPostgres(pg, 60_000, () => proc.exitCode !== null);
  // the test files' processes inherit this environment
  process.env[CLUSTER_POSTGRES_ENV] = JSON.stringify({ port: pg.port, user: pg.user, password: pg.password });
  return async () => {
    const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
    proc.kill('SIGINT'); // PostgreSQL's fast shutdown
    const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
