/**
 * Starts harness/oidcProviderProcess.ts (oidc-provider) as its own process on a free port, for the
 * identity tests: service tokens by client_credentials, people through the web app's sign-in, and a
 * key rotation by restarting it with another key set on the same port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { projectRoot } from '../platform/config';
import { freePort } from '../platform/ports';
import { tsProcess } from '../platform/tsProcess';
import type { ProviderSettings } from './oidcProviderProcess';

export type SigningKeys = Record<string, unknown>[];

/** One RS256 (ID tokens) and one ES256 (access tokens) key, private, with a `kid` of this generation. */
export async function generateSigningKeys(generation: string): Promise<SigningKeys> {
  const keys: SigningKeys = [];
  for (const alg of ['RS256', 'ES256'] as const) {
    const { privateKey } = await generateKeyPair(alg, { extractable: true });
    keys.push({ ...(await exportJWK(privateKey)), alg, use: 'sig', kid: `${generation}-${alg}` });
  }
  return keys;
}

export class TestOidcProvider {
  private child?: ChildProcess;
  private constructor(private settings: ProviderSettings) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.settings.port}`;
  }

  static async start(settings: Omit<ProviderSettings, 'port' | 'keys'> & { keys?: SigningKeys }): Promise<TestOidcProvider> {
    const p = new TestOidcProvider({ ...settings, port: await freePort(), keys: settings.keys ?? (await generateSigningKeys('first')) });
    await p.run();
    return p;
  }

  private async run(): Promise<void> {
    const child = spawn(...tsProcess(path.join(__dirname, 'oidcProviderProcess.ts')), {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'test', DEBUG: '', OIDC_TEST_PROVIDER: JSON.stringify(this.settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start: ${stderr}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the OpenID provider exited (${code}): ${stderr}`));
      });
    });
  }

  /** The private keys the provider has now (to publish them beside new ones in a rotation). */
  currentKeys(): SigningKeys {
    return this.settings.keys;
  }

  /** Restart on the same port with these keys (the first of each algorithm signs from now on). */
  async rotate(keys: SigningKeys): Promise<void> {
    await this.stop();
    this.settings = { ...this.settings, keys };
    await this.run();
  }

  /** An access token for a service client (client_credentials), for this resource (default: the first audience). */
  async serviceToken(clientId: string, resource = this.settings.audiences[0]!): Promise<string> {
    const secret = this.settings.services[clientId]!.secret;
    const res = await fetch(`${this.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', resource }),
    });
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token) throw new Error(`token request failed: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}
