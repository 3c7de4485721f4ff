/**
 * `npm run -s token -- --sub ID --role ROLE [--team T] [--org NR] [--region CODE]
 * [--clearance protected-identity] [--personnummer NR]` prints a development JWT and nothing else. An employer needs a valid `--org`, a region its `--region` (county code),
 * the insured (`--role insured`) a valid `--personnummer` and no `--sub` (a random one is made: the number is never a subject).
 * Signed with JWT_SECRET or the development secret in DATA_DIR, which `npm start` made: the token
 * says on stderr which file it used, and refuses to make new secrets (a token signed with them would
 * be refused by the running API as "signature is not valid"). Production must configure its own.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
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
    personnummer: { type: 'string' },
    hours: { type: 'string', default: '8' },
  },
});
const { hours, clearance, ...rest } = values;
const given = {
  ...(rest.role === 'insured' && rest.sub === undefined ? { sub: `insured-${crypto.randomUUID().slice(0, 8)}` } : {}),
  ...rest,
  ...(clearance ? { clearances: clearance } : {}),
};
const claims = tokenClaimsSchema.safeParse(Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)));
const hoursValid = /^\d+(\.\d+)?$/.test(hours) && Number(hours) > 0 && Number(hours) <= 24 * 30;
if (!claims.success || !hoursValid) {
  const issues = claims.success ? [] : claims.error.issues.map((i) => `  --${i.path.join('.') || 'role'}: ${i.message}`);
  if (!hoursValid) issues.push('  --hours: a number of hours, at most 720');
  process.stderr.write(
    `usage: npm run -s token -- --sub ID --role caseworker|specialist|supervisor|employer|region|af [--team T] [--org NR] [--region CODE] [--clearance protected-identity] [--hours H]\n       npm run -s token -- --role insured --personnummer NR [--hours H]\n${issues.join('\n')}\n`,
  );
  process.exit(2);
}
const config = loadConfig();
if (!config.JWT_SECRET) {
  const file = path.resolve(config.DATA_DIR, 'dev-secrets.json');
  if (!fs.existsSync(file)) {
    process.stderr.write(
      `no development secrets in ${file}: set DATA_DIR to the folder \`npm start\` uses (default .data), or JWT_SECRET\n`,
    );
    process.exit(2);
  }
  process.stderr.write(`signed with the development secret in ${file}\n`);
}
const secrets = loadSecrets(config);
process.stdout.write(`${signToken(secrets.jwtSecret, claims.data, Number(hours) * 3600_000)}\n`);
