/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) with its data in a folder, served on a
 * loopback port over the PostgreSQL wire protocol, so the API and the worker (separate processes)
 * reach it like any PostgreSQL server. PGlite runs one session: the server queues the clients'
 * queries. That is why the read model writes without multi-statement transactions (every write is
 * one idempotent statement) and why the schema is migrated here, before the URL is handed out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { openReadModel } from './connect';

export interface EmbeddedReadModel {
  /** postgres://… for DATABASE_URL */
  url: string;
  stop(): Promise<void>;
}

/**
 * `dataDir`: a folder (created if missing) or undefined for an in-memory database. `template`: a file
 * written by `writeReadModelTemplate`, loaded into a new database instead of creating one (PGlite's
 * initdb costs about 2–3 s of CPU, loading a third of that; the tests start some thirty); a folder
 * that holds a database already is opened as it is.
 */
export async function startEmbeddedReadModel(
  o: { dataDir?: string; port?: number; host?: string; template?: string } = {},
): Promise<EmbeddedReadModel> {
  const db = await openEmbeddedDatabase(o);
  try {
    const served = await serveEmbeddedDatabase(db, o);
    return {
      url: served.url,
      async stop() {
        await served.stop();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

/** The database of `startEmbeddedReadModel`, not yet served (the tests' harness keeps one to serve again). */
export async function openEmbeddedDatabase(o: { dataDir?: string; template?: string }): Promise<PGlite> {
  const where = o.dataDir ?? 'memory://';
  const isNew = !o.dataDir || !(await exists(path.join(o.dataDir, 'PG_VERSION')));
  return o.template && isNew
    ? await PGlite.create(where, { loadDataDir: new Blob([await fs.readFile(o.template)]) })
    : await PGlite.create(where);
}

/**
 * Serves `db` on a loopback port, migrated before the URL is handed out. `stop` closes the port and
 * its clients' connections, not the database.
 */
export async function serveEmbeddedDatabase(db: PGlite, o: { port?: number; host?: string } = {}): Promise<EmbeddedReadModel> {
  const server = new PGLiteSocketServer({ db, port: o.port ?? 0, host: o.host ?? '127.0.0.1', maxConnections: 32 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  try {
    // migrated over the socket before the URL is handed out, so before anyone else connects
    await (await openReadModel({ url, poolSize: 1 })).destroy();
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url, stop: () => server.stop() };
}

const exists = (file: string): Promise<boolean> =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/** A new in-memory database, migrated, dumped to `file` as a template for `startEmbeddedReadModel`. */
export async function writeReadModelTemplate(file: string): Promise<void> {
  const db = await PGlite.create('memory://');
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1' });
  try {
    await server.start();
    await (await openReadModel({ url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`, poolSize: 1 })).destroy();
  } finally {
    await server.stop();
  }
  const dump = await db.dumpDataDir('none');
  await db.close();
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, Buffer.from(await dump.arrayBuffer()));
}
