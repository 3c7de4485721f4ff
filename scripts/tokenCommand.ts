/**
 * What `npm run -s token` does (scripts/token.ts), as a function of its arguments and environment,
 * so the tests can check every refusal without starting a process per case.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { loadSecrets } from '../platform/secrets';
import { signToken, tokenClaimsSchema } from '../platform/tokens';

export interface TokenCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

const USAGE =
  'usage: npm run -s token -- --sub ID --role caseworker|specialist|supervisor|employer|region|af [--team T] [--org NR] [--region CODE] [--clearance protected-identity] [--hours H]\n       npm run -s token -- --role insured --personnummer NR [--hours H]';

export function tokenCommand(args: string[], env: NodeJS.ProcessEnv): TokenCommandResult {
  const { values } = parseArgs({
    args,
    options: {
      sub: { type: 'string' },
      role: { type: 'string' },
      team: { type: 'string' },
      org: { type: 'string' },
      region: { type: 'string' },
      personnummer: { type: 'string' },
      clearance: { type: 'string', multiple: true },
      hours: { type: 'string', default: '8' },
    },
  });
  const { hours, clearance, ...rest } = values;
  const given = {
    // the insured's subject is made up: the number is never a subject
    ...(rest.role === 'insured' && rest.sub === undefined ? { sub: `insured-${crypto.randomUUID().slice(0, 8)}` } : {}),
    ...rest,
    ...(clearance ? { clearances: clearance } : {}),
  };
  const claims = tokenClaimsSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
  const hoursValid = /^\d+(\.\d+)?$/.test(hours) && Number(hours) > 0 && Number(hours) <= 24 * 30;
  if (!claims.success || !hoursValid) {
    const issues = claims.success ? [] : claims.error.issues.map((i) => `  --${i.path.join('.') || 'role'}: ${i.message}`);
    if (!hoursValid) issues.push('  --hours: a number of hours, at most 720');
    return { code: 2, stdout: '', stderr: `${USAGE}\n${issues.join('\n')}\n` };
  }
  const config = loadConfig(env);
  let stderr = '';
  if (!config.JWT_SECRET) {
    const file = path.resolve(config.DATA_DIR, 'dev-secrets.json');
    if (!fs.existsSync(file)) {
      const hint = 'set DATA_DIR to the folder `npm start` uses (default .data), or JWT_SECRET';
      return { code: 2, stdout: '', stderr: `no development secrets in ${file}: ${hint}\n` };
    }
    stderr = `signed with the development secret in ${file}\n`;
  }
  const secrets = loadSecrets(config);
  return { code: 0, stdout: `${signToken(secrets.jwtSecret, claims.data, Number(hours) * 3600_000)}\n`, stderr };
}
