/**
 * `npm run -s token -- --sub ID --role ROLE [--team T] [--org NR] [--region CODE]
 * [--clearance protected-identity] [--personnummer NR]` prints a development JWT and nothing else. An employer needs a valid `--org`, a region its `--region` (county code),
 * the insured (`--role insured`) a valid `--personnummer` and no `--sub` (a random one is made: the number is never a subject).
 * Signed with JWT_SECRET or the development secret in DATA_DIR, which `npm start` made: the token
 * says on stderr which file it used, and refuses to make new secrets (a token signed with them would
 * be refused by the running API as "signature is not valid"). Production must configure its own.
 * The work is done by scripts/tokenCommand.ts.
 */
import { tokenCommand } from './tokenCommand';

const result = tokenCommand(process.argv.slice(2), process.env);
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
