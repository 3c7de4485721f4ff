/**
 * Sealing one small secret (a personnummer) for storage outside Temporal: AES-256-GCM with the
 * payload keys (platform/codec.ts), a random nonce each time, the key ID in front
 * (`keyId:base64(nonce|ciphertext|tag)`), so key rotation works as for payloads. What is stored is
 * never the clear text; opening it needs the keys, which only the API and the worker hold.
 */
import crypto from 'node:crypto';
import type { PayloadKey } from './codec';

export function seal(keys: readonly PayloadKey[], text: string): string {
  const current = keys[keys.length - 1];
  if (!current) throw new Error('at least one payload key is required');
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', current.key, nonce);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${current.id}:${Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64')}`;
}

/** The clear text of a sealed value; throws if its key is not configured or it was tampered with. */
export function unseal(keys: readonly PayloadKey[], sealed: string): string {
  const at = sealed.lastIndexOf(':');
  const key = keys.find((k) => k.id === sealed.slice(0, at))?.key;
  if (at < 0 || !key) throw new Error('sealed with a key that is not configured');
  const data = Buffer.from(sealed.slice(at + 1), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
  decipher.setAuthTag(data.subarray(data.length - 16));
  return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString('utf8');
}
