/**
 * A PostgreSQL of our own for the cluster topology: Debian's binaries (scripts/setup-cluster.sh
 * installs them), a data directory under DATA_DIR, loopback TCP only (no Unix socket), password
 * authentication for the one role `temporal`. PostgreSQL refuses to run as root, so as root it runs
 * as the system user `postgres` (created if missing), and owns only its own data directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const POSTGRES_USER = 'temporal';

/** What a client needs (PostgreSQL listens on 127.0.0.1 only). */
export interface PostgresConnection {
  port: number;
  user: string;
  password: string;
}

export interface PostgresServer extends PostgresConnection {
  /** the data directory (DATA_DIR/postgresql) */
  dir: string;
  /** `postgres` and its arguments, to run in the foreground under a supervisor */
  command: string;
  args: string[];
  /** set when the server must run as another user than this process (root) */
  runAs?: { uid: number; gid: number };
}

export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base) ? fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run scripts/setup-cluster.sh');
  return path.join(base, newest, 'bin');
}

/** Root runs PostgreSQL as the system user `postgres`; anyone else as themselves. */
function serviceUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * Creates the database cluster in DATA_DIR/postgresql on first use (initdb), and returns how to run
 * it. The password of `temporal` is generated once and kept in DATA_DIR/postgresql.password (0600).
 */
export function preparePostgres(dataDir: string, port: number): PostgresServer {
  const bin = postgresBinDir();
  const dir = path.join(dataDir, 'postgresql');
  const passwordFile = path.join(dataDir, 'postgresql.password');
  const runAs = serviceUser();
  if (runAs) fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o011); // the service user may pass through, not list
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { mode: 0o700 });
    const password = crypto.randomBytes(24).toString('hex');
    fs.writeFileSync(passwordFile, password, { mode: 0o600 });
    // initdb reads the password from a file the service user can read; it is removed right after
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-initdb-'));
    const pwfile = path.join(tmp, 'pw');
    fs.writeFileSync(pwfile, password, { mode: 0o600 });
    if (runAs) for (const p of [dir, tmp, pwfile]) fs.chownSync(p, runAs.uid, runAs.gid);
    const r = spawnSync(
      path.join(bin, 'initdb'),
      ['-D', dir, '-U', POSTGRES_USER, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8'],
      { encoding: 'utf8', ...(runAs ?? {}) },
    );
    fs.rmSync(tmp, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return {
    dir,
    port,
    user: POSTGRES_USER,
    password: fs.readFileSync(passwordFile, 'utf8').trim(),
    command: path.join(bin, 'postgres'),
    args: [
      '-D',
      dir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'log_min_messages=warning',
    ],
    runAs,
  };
}

/** Until PostgreSQL accepts connections (pg_isready), or `isDead()` says it exited. */
export async function waitForPostgres(pg: PostgresConnection, ms: number, isDead: () => boolean = () => false): Promise<void> {
  const isready = path.join(postgresBinDir(), 'pg_isready');
  const deadline = Date.now() + ms;
  for (;;) {
    if (spawnSync(isready, ['-q', '-h', '127.0.0.1', '-p', String(pg.port)]).status === 0) return;
    if (isDead()) throw new Error('PostgreSQL exited during start-up');
    if (Date.now() > deadline) throw new Error(`PostgreSQL on 127.0.0.1:${pg.port} did not come up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
