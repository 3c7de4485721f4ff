/**
 * The test systems' read models are served again once emptied (harness/readModelPool.ts,
 * readModel/reset.ts): a database given back after a test wrote to every part of it, and left a
 * session full of state and a transaction open, must read exactly as a fresh one from the template.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { READ_MODEL_TEMPLATE_ENV } from '../../harness';
import { takeReadModel } from '../../harness/readModelPool';
import { appendAccess } from '../../readModel/accessLog';
import { openReadModel, type ReadModelDb } from '../../readModel/connect';
import { startEmbeddedReadModel } from '../../readModel/embedded';
import { migrateToLatest } from '../../readModel/migrations';
import { projectionOf } from '../../readModel/projection';
import { syntheticCase } from '../../readModel/syntheticCaseload';
import { writeProjection } from '../../readModel/write';
import type { Kysely } from 'kysely';

const template = process.env[READ_MODEL_TEMPLATE_ENV];

/** Everything a test could read: each table's rows, each sequence's position, the triggers and whether they fire. */
async function contents(url: string): Promise<Record<string, unknown>> {
  const db = await openReadModel({ url, migrate: false, poolSize: 1 });
  try {
    const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(db);
    const out: Record<string, unknown> = {};
    for (const { name } of tables.rows) {
      // the migrations' record without when each ran: a database the read-model rebuild migrated again
      // (api.test.ts) is given back too, with later times, and reads as migrated as the template
      const row = name === 'kysely_migration' ? sql`to_jsonb(t) - 'timestamp'` : sql`to_jsonb(t)`;
      const rows = await sql<{
        r: unknown;
      }>`select coalesce(jsonb_agg(${row} order by t::text), '[]') as r from ${sql.table(name)} t`.execute(db);
      out[name] = rows.rows[0]!.r;
    }
    out['sequences'] = (await sql`select sequencename, last_value from pg_sequences order by 1`.execute(db)).rows;
    out['triggers'] = (await sql`select tgname, tgenabled from pg_trigger where not tgisinternal order by 1`.execute(db)).rows;
    return out;
  } finally {
    await db.destroy();
  }
}

let fresh: Record<string, unknown>;
beforeAll(async () => {
  const rm = await startEmbeddedReadModel({ template });
  fresh = await contents(rm.url);
  await rm.stop();
}, 120_000);

let db: ReadModelDb | undefined;
afterAll(async () => {
  await db?.destroy();
});

it('a database given back is served again reading as a fresh one: every table empty, migrated, no session state left', async () => {
  const first = await takeReadModel(template);
  db = await openReadModel({ url: first.url, migrate: false, poolSize: 1 });
  // every part written: cases, tasks, events, pending requests, people and the three roll-ups ...
  for (let i = 0; i < 12; i++) {
    const s = syntheticCase(i, { today: '2026-11-30', teams: 2, caseworkersPerTeam: 2 });
    await writeProjection(db, projectionOf(s, { version: 1, projectedEvents: 0, stuck: i % 3 === 0 }));
  }
  // ... the access log (its ids a sequence; its rows refuse TRUNCATE), the archive and the purge log
  await appendAccess(db, [{ sub: 'hk-1', role: 'caseworker', what: 'case', caseId: 'c1' }], 10);
  await sql`insert into case_archive (case_id, person_key, closed_on, history_events, sealed) values ('c1', 'pk', '2026-01-01', 0, 'x')`.execute(
    db,
  );
  await sql`insert into purge_log (case_id, closed_on, run_id, removed) values ('c2', '2016-01-01', 'r', '{}')`.execute(db);
  const written = await contents(first.url);
  const emptyThen = Object.keys(fresh).filter((t) => !t.startsWith('kysely_') && JSON.stringify(written[t]) === '[]');
  expect(emptyThen).toEqual([]); // the test wrote to every table the migrations made
  await db.destroy();
  db = undefined;

  // the session (one, shared by every client of PGlite's socket) left full: a setting, a prepared
  // statement, an advisory lock, a temporary table, and a transaction open when the port closes
  const client = new pg.Client({ connectionString: first.url });
  await client.connect();
  await client.query(`set statement_timeout = 1234`);
  await client.query(`prepare left_over as select 1`);
  await client.query(`select pg_advisory_lock(42)`);
  await client.query(`create temp table scratch (x int)`);
  await client.query(`begin`);
  await client.query(`insert into purge_log (case_id, closed_on, run_id, removed) values ('c3', '2016-01-01', 'r', '{}')`);
  client.on('error', () => undefined);
  await first.stop(true);
  await client.end().catch(() => undefined);

  const second = await takeReadModel(template);
  try {
    expect(second.reused).toBe(first.reused + 1); // the same database, served again
    expect(await contents(second.url)).toEqual(fresh);
    db = await openReadModel({ url: second.url, migrate: false, poolSize: 1 });
    expect(await migrateToLatest(db as unknown as Kysely<unknown>)).toEqual([]);
    const session = await sql<Record<string, unknown>>`select current_setting('statement_timeout') as timeout,
      current_setting('session_replication_role') as replication,
      (select count(*) from pg_prepared_statements) as prepared,
      (select count(*) from pg_locks where locktype = 'advisory') as advisory,
      to_regclass('pg_temp.scratch') as temp`.execute(db);
    expect(session.rows[0]).toEqual({ timeout: '0', replication: 'origin', prepared: 0, advisory: 0, temp: null });
    // the access log's guard fires again, and its ids start over
    await expect(sql`truncate access_log`.execute(db)).rejects.toThrow(/never changed \(TRUNCATE\)/);
    await appendAccess(db, [{ sub: 'hk-2', role: 'caseworker', what: 'case', caseId: 'c9' }], 10);
    expect((await sql<{ id: number }>`select id from access_log`.execute(db)).rows).toEqual([{ id: 1 }]);
  } finally {
    await db?.destroy();
    db = undefined;
    await second.stop(false);
  }
});
