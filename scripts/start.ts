/**
 * `npm start`: the whole system in one command, no prompts.
 * - the Temporal dev server (CLI from .tools/, see setup-temporal.sh) persisting to
 *   DATA_DIR/temporal.sqlite, with the case search attributes registered and its UI on 8233
 *   (skipped when TEMPORAL_ADDRESS points at a server you already run);
 * - the agency stubs, the worker and the API, each its own process.
 * Ctrl-C (SIGINT) or SIGTERM stops everything, children first, the dev server last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig, projectRoot } from '../platform/config';
import { createLogger } from '../platform/logger';
import { loadSecrets } from '../platform/secrets';
import { temporalCliPath } from '../platform/temporalBinaries';
import { searchAttributeRegistrations } from '../workflows/searchAttributes';

const log = createLogger('start');
const config = loadConfig();
fs.mkdirSync(config.DATA_DIR, { recursive: true });
// generate development secrets once, before the services read them
loadSecrets(config, (m) => log.warn(m));

const children: { name: string; proc: ChildProcess }[] = [];
let stopping = false;

/** A crashed service is restarted at most this often per minute; past that, everything stops. */
const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * Start a service. `restart`: if it dies unexpectedly (a crashed worker, say) it is started again,
 * like a supervisor would; cases lose nothing meanwhile, Temporal holds them. Without `restart` (the
 * Temporal server itself) an unexpected exit stops everything.
 */
function run(name: string, cmd: string, args: string[], opts: { restart?: boolean } = {}): void {
  const restarts: number[] = [];
  const start = (): void => {
    const proc = spawn(cmd, args, { cwd: projectRoot, env: process.env, stdio: ['ignore', 'inherit', 'inherit'] });
    const entry = { name, proc };
    children.push(entry);
    proc.on('exit', (code, signal) => {
      if (stopping) return;
      children.splice(children.indexOf(entry), 1);
      const now = Date.now();
      while (restarts.length && restarts[0]! < now - 60_000) restarts.shift();
      if (opts.restart && restarts.length < MAX_RESTARTS_PER_MINUTE) {
        restarts.push(now);
        log.error({ service: name, code, signal }, 'a service stopped unexpectedly; restarting it');
        setTimeout(() => stopping || start(), 1_000);
        return;
      }
      log.error({ service: name, code, signal }, 'a service stopped unexpectedly; stopping everything');
      void stopAll(1);
    });
  };
  start();
}

function waitExit(proc: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    const t = setTimeout(() => {
      proc.kill('SIGKILL');
      resolve();
    }, ms);
    proc.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

/** Last resort: whatever happens to this process, its children go with it. */
process.on('exit', () => {
  for (const { proc } of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
});

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('stopping');
  // services first (in reverse start order), the Temporal server last, so the worker can drain
  for (const { proc } of [...children].reverse()) {
    proc.kill('SIGTERM');
    await waitExit(proc, 15_000);
  }
  log.info('stopped');
  process.exit(code);
}


async function waitForTemporal(address: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const c = await Connection.connect({ address, connectTimeout: 1000 });
      await c.workflowService.getSystemInfo({});
      // the namespace must answer too
      await c.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
      await c.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${address} did not come up: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function main(): Promise<void> {
  // The first signal stops gracefully; a second one (a second Ctrl-C, or the same signal relayed by
  // npm/tsx) must not kill this process with the children still running: it hurries them instead.
  let signals = 0;
  const onSignal = (): void => {
    signals += 1;
    if (signals === 1) void stopAll(0);
    else if (signals >= 3) for (const { proc } of children) proc.kill('SIGKILL');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  if (!config.TEMPORAL_ADDRESS) {
    const db = path.join(config.DATA_DIR, 'temporal.sqlite');
    // No --ui-codec-endpoint: the dev UI has no login, so a default endpoint could only answer 401 and
    // the UI would show "Codec Server could not connect" on every page. A supervisor sets a personal
    // endpoint in the UI instead (README "Seeing decoded cases in the Temporal UI").
    const args = [
      'server',
      'start-dev',
      '--db-filename',
      db,
      '--ip',
      '127.0.0.1',
      '--port',
      String(config.TEMPORAL_PORT),
      '--ui-port',
      String(config.TEMPORAL_UI_PORT),
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      '--log-level',
      'warn',
      '--log-format',
      'json',
      ...searchAttributeRegistrations.flatMap((a) => ['--search-attribute', `${a.name}=${a.type}`]),
    ];
    log.info({ db, port: config.TEMPORAL_PORT, ui: `http://localhost:${config.TEMPORAL_UI_PORT}` }, 'starting the Temporal dev server');
    run('temporal', temporalCliPath(), args);
  } else {
    log.info({ address: config.TEMPORAL_ADDRESS }, 'using the Temporal server at TEMPORAL_ADDRESS');
  }
  await waitForTemporal(config.temporalAddress, 60_000);

  const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
  run('stubs', tsx, ['stubs/main.ts'], { restart: true });
  run('worker', tsx, ['worker/main.ts'], { restart: true });
  run('api', tsx, ['api/main.ts'], { restart: true });
  await waitForHttp(`${config.stubsUrl}/health`, 60_000);
  await waitForHttp(`${config.apiUrl}/health`, 60_000);
  log.info(
    {
      api: config.apiUrl,
      docs: `${config.apiUrl}/docs`,
      temporalUi: config.TEMPORAL_ADDRESS ? undefined : `http://localhost:${config.TEMPORAL_UI_PORT}`,
      stubs: config.stubsUrl,
    },
    'Sjukfall is up (Ctrl-C stops everything)',
  );
}

main().catch((err) => {
  log.fatal({ err }, 'start failed');
  void stopAll(1);
});
