/**
 * The PostgreSQL of `npm run bench -- --cluster`: the same server, data directory layout and
 * settings as `npm run start:cluster` (platform/cluster/postgres.ts), in a fresh directory under
 * the system's temp dir (BENCH_DATA_DIR to choose one), on POSTGRES_PORT or a free port. The
 * bench adds up the CPU and memory of the postmaster and its children (every backend makes itself a
 * process group of its own, so a group's total would miss them). Gone on stop, or when the bench
 * exits by any path (the postmaster is the leader of its group, the group is killed).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preparePostgres, waitForPostgres, type PostgresConnection } from '../../platform/cluster/postgres';
import { freePort } from '../../platform/ports';

export interface BenchPostgres {
  connection: PostgresConnection;
  /** the postmaster's pid (the leader of its process group; its children are the backends) */
  pid: number;
  /** its data directory (the server's persistence, visibility and the read model: what the disk figures measure) */
  dir: string;
  stop(): Promise<void>;
}

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const dataDir = process.env.BENCH_DATA_DIR
    ? fs.mkdtempSync(path.join(process.env.BENCH_DATA_DIR, 'sjukfall-bench-pg-'))
    : fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-bench-pg-'));
  const pg = preparePostgres(dataDir, process.env.POSTGRES_PORT ? Number(process.env.POSTGRES_PORT) : await freePort());
  const log = fs.openSync(path.join(dataDir, 'postgresql.log'), 'a');
  const proc = spawn(pg.command, pg.args, { stdio: ['ignore', log, log], detached: true, ...(pg.runAs ?? {}) });
  const pgid = proc.pid!;
  const exited = new Promise((r) => (proc.exitCode !== null ? r(null) : proc.once('exit', r)));
  // a bench that exits without stop() (a signal, an error) leaves no server behind
  const kill = () => {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* gone */
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', kill);
  try {
    await waitForPostgres(pg, 60_000, () => proc.exitCode !== null);
  } catch (err) {
    kill();
    throw new Error(`${(err as Error).message}\n${fs.readFileSync(path.join(dataDir, 'postgresql.log'), 'utf8').slice(-3000)}`);
  }
  return {
    connection: { port: pg.port, user: pg.user, password: pg.password },
    pid: pgid,
    dir: pg.dir,
    async stop() {
      proc.kill('SIGINT'); // PostgreSQL's fast shutdown
      const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
      fs.closeSync(log);
      process.removeListener('exit', kill);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
