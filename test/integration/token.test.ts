/**
 * `npm run token` as a process: the exit code and the two output streams of scripts/token.ts (what
 * it refuses and signs: test/unit/tokenCommand.test.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVerifier } from 'fast-jwt';
import { projectRoot } from '../../platform/config';

const SECRET = 'token-test-secret-token-test-secret-0123';

const withoutSecret = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'JWT_SECRET'));

function tokenIn(env: Record<string, string>, ...args: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-token-'));
  const res = spawnSync(path.join(projectRoot, 'node_modules', '.bin', 'tsx'), ['scripts/token.ts', ...args], {
    cwd: projectRoot,
    env: { ...withoutSecret, DATA_DIR: dataDir, SJUKFALL_ENV: 'development', ...env },
    encoding: 'utf8',
  });
  const made = fs.readdirSync(dataDir);
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { ...res, made };
}

describe('scripts/token.ts', () => {
  it('without JWT_SECRET and with no secrets in DATA_DIR, exits 2 naming the file on stderr and makes no secrets', () => {
    const res = tokenIn({}, '--sub', 'hk-1', '--role', 'caseworker');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/no development secrets in .*dev-secrets\.json/);
    expect(res.stdout).toBe('');
    expect(res.made).toEqual([]);
  });

  it('prints the token alone on stdout and exits 0', () => {
    const res = tokenIn({ JWT_SECRET: SECRET }, '--sub', 'hr-1', '--role', 'employer', '--org', '556036-0793');
    expect(res.status).toBe(0);
    expect(res.stdout.trim().split('\n')).toHaveLength(1);
    expect(createVerifier({ key: SECRET })(res.stdout.trim())).toMatchObject({ sub: 'hr-1', role: 'employer', org: '556036-0793' });
  });
});
