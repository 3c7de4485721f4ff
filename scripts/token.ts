/**
 * `npm run -s token -- --sub ID --role ROLE [--org NR]` prints a development JWT and nothing else.
 * Signed with the development secret in DATA_DIR (or JWT_SECRET); production must configure its own.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { loadSecrets } from '../platform/secrets';
import { signToken, tokenClaimsSchema } from '../platform/tokens';

const { values } = parseArgs({
  options: { sub: { type: 'string' }, role: { type: 'string' }, org: { type: 'string' }, hours: { type: 'string', default: '8' } },
});
const claims = tokenClaimsSchema.safeParse({ sub: values.sub, role: values.role, ...(values.org ? { org: values.org } : {}) });
if (!claims.success) {
  process.stderr.write(
    `usage: npm run -s token -- --sub ID --role caseworker|specialist|supervisor|employer|region|af [--org NR]\n${claims.error.issues
      .map((i) => `  ${i.path.join('.')}: ${i.message}`)
      .join('\n')}\n`,
  );
  process.exit(2);
}
const secrets = loadSecrets(loadConfig(), (m) => process.stderr.write(`${m}\n`));
process.stdout.write(`${signToken(secrets.jwtSecret, claims.data, Number(values.hours) * 3600_000)}\n`);
