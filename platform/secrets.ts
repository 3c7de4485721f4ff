/**
 * Secrets come from the environment (PAYLOAD_KEYS, JWT_SECRET, PERSON_KEY_SECRET). In development,
 * whatever is missing is generated once into DATA_DIR/dev-secrets.json (mode 0600) and reused, so a
 * restart can still read its own encrypted history. Generated secrets are marked "dev-": production
 * (SJUKFALL_ENV=production) refuses to start with them, or without real ones.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { parsePayloadKeys, type PayloadKey } from './codec';

export interface Secrets {
  payloadKeys: PayloadKey[];
  jwtSecret: string;
  personKeySecret: string;
  /** true when any secret came from the generated development file */
  development: boolean;
}

const DEV_PREFIX = 'dev-';

interface DevFile {
  payloadKeys: string;
  jwtSecret: string;
  personKeySecret: string;
}

function generateDevFile(): DevFile {
  const id = `${DEV_PREFIX}${new Date().toISOString().slice(0, 10)}`;
  return {
    payloadKeys: `${id}:${crypto.randomBytes(32).toString('base64')}`,
    jwtSecret: `${DEV_PREFIX}${crypto.randomBytes(32).toString('hex')}`,
    personKeySecret: `${DEV_PREFIX}${crypto.randomBytes(32).toString('hex')}`,
  };
}

export function loadSecrets(config: Config, log: (msg: string) => void = () => {}): Secrets {
  const fromEnv = {
    payloadKeys: config.PAYLOAD_KEYS,
    jwtSecret: config.JWT_SECRET,
    personKeySecret: config.PERSON_KEY_SECRET,
  };
  const production = config.SJUKFALL_ENV === 'production';
  let dev: DevFile | undefined;
  const missing = Object.entries(fromEnv).filter(([, v]) => !v);
  if (missing.length > 0) {
    if (production) {
      throw new Error(
        `production needs PAYLOAD_KEYS, JWT_SECRET and PERSON_KEY_SECRET from the environment (missing: ${missing
          .map(([k]) => k)
          .join(', ')})`,
      );
    }
    const file = path.join(config.DATA_DIR, 'dev-secrets.json');
    if (fs.existsSync(file)) {
      dev = JSON.parse(fs.readFileSync(file, 'utf8')) as DevFile;
    } else {
      fs.mkdirSync(config.DATA_DIR, { recursive: true });
      dev = generateDevFile();
      fs.writeFileSync(file, JSON.stringify(dev, null, 2), { mode: 0o600, flag: 'wx' });
      log(`generated development secrets in ${file} (never use them in production)`);
    }
  }
  const payloadKeys = parsePayloadKeys(fromEnv.payloadKeys ?? dev!.payloadKeys);
  const jwtSecret = fromEnv.jwtSecret ?? dev!.jwtSecret;
  const personKeySecret = fromEnv.personKeySecret ?? dev!.personKeySecret;
  const development =
    payloadKeys.some((k) => k.id.startsWith(DEV_PREFIX)) || jwtSecret.startsWith(DEV_PREFIX) || personKeySecret.startsWith(DEV_PREFIX);
  if (production && development) {
    throw new Error('refusing to start in production with development secrets ("dev-" keys); configure real ones');
  }
  return { payloadKeys, jwtSecret, personKeySecret, development };
}

/** Pseudonymous person key: HMAC-SHA256 of the normalised personnummer (12 digits, no separator). */
export function personKey(secret: string, normalisedPersonnummer: string): string {
  return crypto.createHmac('sha256', secret).update(normalisedPersonnummer).digest('hex').slice(0, 32);
}
