/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) with its data in a folder, served on a
 * loopback port over the PostgreSQL wire protocol, so the API and the worker (separate processes)
 * reach it like any PostgreSQL server. PGlite runs one session: the server queues the clients'
 * queries. That is why the read model writes without multi-statement transactions (every write is
 * one idempotent statement) and why the schema is migrated here, in-process, before it serves.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Kysely, PGliteDialect } from 'kysely';
import { migrateToLatest } from './migrations';

export interface EmbeddedReadModel {
  /** postgres://… for DATABASE_URL */
  url: string;
  stop(): Promise<void>;
}

/** `dataDir`: a folder (created if missing) or undefined for an in-memory database. */
export async function startEmbeddedReadModel(o: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedReadModel> {
  const db = await PGlite.create(o.dataDir ?? 'memory://');
  // migrated before anyone connects (no db.destroy() of this Kysely: it would close PGlite)
  await migrateToLatest(new Kysely<unknown>({ dialect: new PGliteDialect({ pglite: db }) }));
  const server = new PGLiteSocketServer({ db, port: o.port ?? 0, host: o.host ?? '127.0.0.1', maxConnections: 32 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
