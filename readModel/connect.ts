/**
 * The read model's database: PostgreSQL through `pg`, whether it is a real server (DATABASE_URL)
 * or the embedded PGlite served on a local port by embedded.ts. One driver, one SQL dialect.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrateToLatest } from './migrations';
import type { ReadModelDatabase } from './schema';

export type ReadModelDb = Kysely<ReadModelDatabase>;

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** DATE stays 'YYYY-MM-DD' (no time zone games); counts (bigint) and averages come back as numbers. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export interface ReadModelOptions {
  url: string;
  /** connections in this process's pool */
  poolSize?: number;
  /** apply pending migrations (default true); the embedded server applies them itself before it serves */
  migrate?: boolean;
  /** a query without an answer in this time fails (default 15 s): a frozen database must not hang callers */
  queryTimeoutMs?: number;
}

/** A new connection whose server does not finish the handshake in this time fails (a frozen server accepts, then says nothing). */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openReadModel(o: ReadModelOptions): Promise<ReadModelDb> {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.poolSize ?? 4,
    types,
    application_name: 'sjukfall',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: o.queryTimeoutMs ?? 15_000,
  });
  // An idle connection whose server went away (a restart) reports here; unhandled it would end the
  // process. The pool drops that connection and the next query opens a new one (or fails, and says so).
  pool.on('error', () => undefined);
  // the same for a connection in use between queries (taken by Kysely, not yet queried)
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool }) });
  if (o.migrate !== false) await migrateToLatest(db as unknown as Kysely<unknown>);
  return db;
}

/** Wait until the database at `url` answers (a process starting beside us), or throw after `ms`. */
export async function waitForReadModel(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const db = await openReadModel({ url, poolSize: 1, migrate: false });
    const up = await readModelUp(db);
    await db.destroy();
    if (up) return;
    if (Date.now() > deadline) throw new Error(`the read model's database did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** True when the database answers. */
export async function readModelUp(db: ReadModelDb): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
