/**
 * `npm run -s token -- --sub ID --role ROLE [--team T] [--org NR] [--region CODE]
 * [--clearance protected-identity]` prints a development JWT and nothing else. An employer needs a valid `--org`, a region its `--region` (county code).
 * Signed with the development secret in DATA_DIR (or JWT_SECRET); production must configure its own.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { loadSecrets } from '../platform/secrets';
import { signToken, tokenClaimsSchema } from '../platform/tokens';

const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string' },
    team: { type: 'string' },
    org: { type: 'string' },
    region: { type: 'string' },
    clearance: { type: 'string', multiple: true },
    hours: { type: 'string', default: '8' },
  },
});
const { hours, clearance, ...rest } = values;
const given = { ...rest, ...(clearance ? { clearances: clearance } : {}) };
const claims = tokenClaimsSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
const hoursValid = /^\d+(\.\d+)?$/.test(hours) && Number(hours) > 0 && Number(hours) <= 24 * 30;
if (!claims.success || !hoursValid) {
  const issues = claims.success ? [] : claims.error.issues.map((i) => `  --${i.path.join('.') || 'role'}: ${i.message}`);
  if (!hoursValid) issues.push('  --hours: a number of hours, at most 720');
  process.stderr.write(
    `usage: npm run -s token -- --sub ID --role caseworker|specialist|supervisor|employer|region|af [--team T] [--org NR] [--region CODE] [--clearance protected-identity] [--hours H]\n${issues.join('\n')}\n`,
  );
  process.exit(2);
}
const secrets = loadSecrets(loadConfig(), (m) => process.stderr.write(`${m}\n`));
process.stdout.write(`${signToken(secrets.jwtSecret, claims.data, Number(hours) * 3600_000)}\n`);
