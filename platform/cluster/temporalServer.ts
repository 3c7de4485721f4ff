/**
 * Temporal Server (the same program as the `temporalio/server` image, built by
 * scripts/setup-cluster.sh) on PostgreSQL: persistence and SQL visibility each in its own database,
 * one cluster, every port on loopback. Schema set-up/upgrade with temporal-sql-tool; namespace and
 * search attributes with the Temporal CLI, as docker-compose.yml's temporal-setup job does.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { projectRoot } from '../config';
import { temporalCliPath } from '../temporalBinaries';
import { searchAttributeRegistrations } from '../searchAttributes';
import type { PostgresConnection } from './postgres';

export const DATABASE = 'temporal';
export const VISIBILITY_DATABASE = 'temporal_visibility';
/** Retention of closed cases' histories in the namespace the cluster creates. */
export const NAMESPACE_RETENTION = '720h';

const toolsDir = path.join(projectRoot, '.tools', 'temporal-server');

export function clusterBinary(name: 'temporal-server' | 'temporal-sql-tool'): string {
  const p = path.join(toolsDir, name);
  if (!fs.existsSync(p)) throw new Error(`${p} not found: run "bash scripts/setup-cluster.sh" (builds it with go install)`);
  return p;
}

/**
 * Temporal's own port layout (7233 gives exactly its defaults): gRPC per service, membership 300
 * below. The membership table stores ports as PostgreSQL smallint: they must stay below 32768.
 */
export function serverPorts(frontend: number) {
  if (frontend - 300 < 1024 || frontend + 6 - 300 > 32767) {
    throw new Error(
      `TEMPORAL_PORT ${frontend}: the cluster topology needs 1324..33061 (its membership ports, 300 below, are stored as smallint)`,
    );
  }
  const grpc = { frontend, history: frontend + 1, matching: frontend + 2, worker: frontend + 6 };
  // metrics: Prometheus text of the server's own (its default 9090 is Prometheus's own port)
  return { grpc, frontendHttp: frontend + 10, metrics: frontend + 9, membership: (p: number) => p - 300 };
}

export function allServerPorts(frontend: number): number[] {
  const p = serverPorts(frontend);
  return [...Object.values(p.grpc).flatMap((g) => [g, p.membership(g)]), p.frontendHttp, p.metrics];
}

/** Writes the server's config.yaml into `dir` (dynamic settings: deploy/temporal-dynamic-config.yaml, as in compose); returns its path. */
export function writeServerConfig(dir: string, pg: PostgresConnection, frontendPort: number, dbPrefix = ''): string {
  fs.mkdirSync(dir, { recursive: true });
  const ports = serverPorts(frontendPort);
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${pg.port}`,
      connectProtocol: 'tcp',
      user: pg.user,
      password: pg.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number) => ({ rpc: { grpcPort, membershipPort: ports.membership(grpcPort), bindOnIP: '127.0.0.1' } });
  const config = {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      // fixed for the life of the database: see docs/deployment.md before choosing it for production
      numHistoryShards: 4,
      defaultStore: 'default',
      visibilityStore: 'visibility',
      datastores: { default: sql(dbPrefix + DATABASE, 20), visibility: sql(dbPrefix + VISIBILITY_DATABASE, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { timerType: 'histogram', listenAddress: `127.0.0.1:${ports.metrics}` } },
    },
    services: {
      frontend: { rpc: { ...rpc(ports.grpc.frontend).rpc, httpPort: ports.frontendHttp } },
      history: rpc(ports.grpc.history),
      matching: rpc(ports.grpc.matching),
      worker: rpc(ports.grpc.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${frontendPort}`,
          httpAddress: `127.0.0.1:${ports.frontendHttp}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: path.join(projectRoot, 'deploy', 'temporal-dynamic-config.yaml'), pollInterval: '60s' },
  };
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, stringify(config), { mode: 0o600 }); // holds the database password
  return file;
}

export function serverArgs(configFile: string): string[] {
  return ['--config-file', configFile, '--allow-no-auth', 'start'];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out }));
  });
}

/** Runs a command that may find its work already done ("already exists"): that is not an error. */
async function idempotent(what: string, cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<'done' | 'exists'> {
  const r = await run(cmd, args, env);
  if (r.code === 0) return 'done';
  if (/already exists/i.test(r.out)) return 'exists';
  throw new Error(`${what} failed (exit ${r.code}):\n${r.out.slice(-3000)}`);
}

function sqlTool(pg: PostgresConnection, db: string) {
  return {
    cmd: clusterBinary('temporal-sql-tool'),
    base: ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pg.port), '-u', pg.user, '--db', db],
    // the password through the environment, not the command line (ps would show it)
    env: { ...process.env, SQL_PASSWORD: pg.password },
  };
}

/** Creates database `db` unless it exists. */
export async function createDatabase(pg: PostgresConnection, db: string): Promise<void> {
  const { cmd, base, env } = sqlTool(pg, db);
  await idempotent(`create-database ${db}`, cmd, [...base, 'create-database'], env);
}

/** Creates both databases if missing, then sets up or upgrades their schemas to this server's version. */
export async function setupSchemas(pg: PostgresConnection, dbPrefix = ''): Promise<void> {
  for (const [db, schema] of [
    [dbPrefix + DATABASE, 'postgresql/v12/temporal'],
    [dbPrefix + VISIBILITY_DATABASE, 'postgresql/v12/visibility'],
  ] as const) {
    await createDatabase(pg, db);
    const { cmd: tool, base, env } = sqlTool(pg, db);
    await idempotent(`setup-schema ${db}`, tool, [...base, 'setup-schema', '-v', '0.0'], env);
    await idempotent(`update-schema ${db}`, tool, [...base, 'update-schema', '--schema-name', schema], env);
  }
}

/**
 * How many custom search attributes of each type SQL visibility on PostgreSQL has room for (the
 * pre-allocated columns Bool01…, Keyword01… of executions_visibility in the server's schema;
 * test/cluster/cluster.test.ts compares with the schema of the pinned server). Elasticsearch has no such limit.
 */
export const SQL_VISIBILITY_LIMITS = { Bool: 3, Datetime: 3, Double: 3, Int: 3, Keyword: 10, Text: 3, KeywordList: 3 } as const;

/** Types of which the case search attributes need more than SQL visibility has (none, today). */
export function searchAttributesOverLimits(): string[] {
  const used = new Map<string, number>();
  for (const a of searchAttributeRegistrations) used.set(a.type, (used.get(a.type) ?? 0) + 1);
  return [...used]
    .filter(([type, n]) => n > SQL_VISIBILITY_LIMITS[type as keyof typeof SQL_VISIBILITY_LIMITS])
    .map(([type, n]) => `${n} ${type}`);
}

/**
 * Creates the namespace and the case search attributes (platform/searchAttributes.ts) unless they
 * exist. Returns whether anything was new: the server's caches take a moment to see it.
 */
export async function registerNamespace(address: string, namespace: string): Promise<boolean> {
  const over = searchAttributesOverLimits();
  if (over.length) throw new Error(`the case search attributes do not fit SQL visibility (${over.join(', ')}): see docs/deployment.md`);
  const cli = temporalCliPath();
  const common = ['--address', address, '--namespace', namespace];
  const results = [
    await idempotent(`namespace ${namespace}`, cli, ['operator', 'namespace', 'create', ...common, '--retention', NAMESPACE_RETENTION]),
  ];
  for (const a of searchAttributeRegistrations) {
    // a namespace just created is not yet known to every service: retry briefly
    for (let attempt = 1; ; attempt++) {
      try {
        results.push(
          await idempotent(`search attribute ${a.name}`, cli, [
            'operator',
            'search-attribute',
            'create',
            ...common,
            '--name',
            a.name,
            '--type',
            a.type,
          ]),
        );
        break;
      } catch (err) {
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }
  return results.includes('done');
}
