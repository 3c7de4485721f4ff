/** `npm run token`: refuses claims the API would not accept (an employer without a valid org, a region without its code). */
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
const token = (...args: string[]) => tokenIn({ JWT_SECRET: SECRET }, ...args);

describe('npm run token', () => {
  it('without JWT_SECRET and with no secrets in DATA_DIR, refuses and names the file instead of making new secrets', () => {
    const res = tokenIn({}, '--sub', 'hk-1', '--role', 'caseworker');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/no development secrets in .*dev-secrets\.json/);
    expect(res.stdout).toBe('');
    expect(res.made).toEqual([]);
  });

  it('refuses an employer without --org or with an invalid one, and a region without --region', () => {
    for (const args of [
      ['--role', 'employer'],
      ['--role', 'employer', '--org', '123'],
      ['--role', 'employer', '--org', '556036-0794'],
      ['--role', 'region'],
      ['--role', 'region', '--region', '99'],
      ['--role', 'boss'],
    ]) {
      const res = token('--sub', 'x', ...args);
      expect(res.status, args.join(' ')).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('usage:');
    }
    expect(token('--sub', 'x', '--role', 'employer').stderr).toContain('--org');
  });

  it('prints a verifiable token with the claims given', () => {
    const res = token('--sub', 'hr-1', '--role', 'employer', '--org', '556036-0793');
    expect(res.status).toBe(0);
    const claims = createVerifier({ key: SECRET })(res.stdout.trim());
    expect(claims).toMatchObject({ sub: 'hr-1', role: 'employer', org: '556036-0793' });
    const region = createVerifier({ key: SECRET })(token('--sub', 'r', '--role', 'region', '--region', '01', '--team', 'x').stdout.trim());
    expect(region).toMatchObject({ role: 'region', region: '01', team: 'x' });
  });

  it('clears FK staff for protected identity with --clearance, and refuses it to anyone else', () => {
    const res = token('--sub', 'hk-s', '--role', 'caseworker', '--clearance', 'protected-identity');
    expect(createVerifier({ key: SECRET })(res.stdout.trim())).toMatchObject({ role: 'caseworker', clearances: ['protected-identity'] });
    for (const args of [
      ['--role', 'employer', '--org', '556036-0793', '--clearance', 'protected-identity'],
      ['--role', 'caseworker', '--clearance', 'everything'],
    ]) {
      const refused = token('--sub', 'x', ...args);
      expect(refused.status, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain('--clearances');
    }
  });
});
