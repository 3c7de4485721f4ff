/**
 * `npm run token` (scripts/tokenCommand.ts) in-process: refuses claims the API would not accept (an
 * employer without a valid org, a region without its code) and never makes new secrets. The process
 * itself (exit code, output streams) in test/integration/token.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVerifier } from 'fast-jwt';
import { tokenCommand } from '../../scripts/tokenCommand';

const SECRET = 'token-test-secret-token-test-secret-0123';

function tokenIn(env: Record<string, string>, ...args: string[]) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sjukfall-token-'));
  try {
    const res = tokenCommand(args, { DATA_DIR: dataDir, SJUKFALL_ENV: 'development', ...env });
    return { ...res, made: fs.readdirSync(dataDir) };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
const token = (...args: string[]) => tokenIn({ JWT_SECRET: SECRET }, ...args);
const verify = createVerifier({ key: SECRET });

describe('npm run token', () => {
  it('without JWT_SECRET and with no secrets in DATA_DIR, refuses and names the file instead of making new secrets', () => {
    const res = tokenIn({}, '--sub', 'hk-1', '--role', 'caseworker');
    expect(res.code).toBe(2);
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
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr).toContain('usage:');
    }
    expect(token('--sub', 'x', '--role', 'employer').stderr).toContain('--org');
  });

  it('refuses hours that are no number or more than 30 days', () => {
    for (const hours of ['x', '0', '721']) {
      const res = token('--sub', 'x', '--role', 'caseworker', '--hours', hours);
      expect(res.code, hours).toBe(2);
      expect(res.stderr).toContain('--hours');
    }
  });

  it('prints a verifiable token with the claims given', () => {
    const res = token('--sub', 'hr-1', '--role', 'employer', '--org', '556036-0793');
    expect(res.code).toBe(0);
    expect(verify(res.stdout.trim())).toMatchObject({ sub: 'hr-1', role: 'employer', org: '556036-0793' });
    const region = verify(token('--sub', 'r', '--role', 'region', '--region', '01', '--team', 'x').stdout.trim());
    expect(region).toMatchObject({ role: 'region', region: '01', team: 'x' });
  });

  it('clears FK staff for protected identity with --clearance, and refuses it to anyone else', () => {
    const res = token('--sub', 'hk-s', '--role', 'caseworker', '--clearance', 'protected-identity');
    expect(verify(res.stdout.trim())).toMatchObject({ role: 'caseworker', clearances: ['protected-identity'] });
    for (const args of [
      ['--role', 'employer', '--org', '556036-0793', '--clearance', 'protected-identity'],
      ['--role', 'caseworker', '--clearance', 'everything'],
    ]) {
      const refused = token('--sub', 'x', ...args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain('--clearances');
    }
  });
});
