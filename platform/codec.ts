/**
 * Payload encryption for everything Temporal stores: workflow inputs, update arguments and results,
 * query results, activity payloads, and (through the failure converter) failure messages and stack
 * traces. AES-256-GCM with a random 96-bit nonce per payload; the key ID travels in the payload's
 * metadata so several keys can be configured at once: new data uses the newest key, old data stays
 * readable as long as its key is configured (key rotation = append a key, never remove one that still
 * protects running or retained cases).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Payload, PayloadCodec, DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const METADATA_ENCODING = 'encoding';
const METADATA_KEY_ID = 'encryption-key-id';

export interface PayloadKey {
  id: string;
  key: Buffer; // 32 bytes
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: readonly PayloadKey[]) {
    if (keys.length === 0) throw new Error('at least one payload key is required');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`payload key ${k.id} must be 32 bytes (AES-256)`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[keys.length - 1]!;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const plain = temporal.api.common.v1.Payload.encode(p).finish();
      const nonce = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', this.current.key, nonce);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return {
        metadata: {
          [METADATA_ENCODING]: enc.encode(ENCRYPTED_ENCODING),
          [METADATA_KEY_ID]: enc.encode(this.current.id),
        },
        data: Buffer.concat([nonce, body, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => {
      const encoding = p.metadata?.[METADATA_ENCODING];
      if (!encoding || dec.decode(encoding) !== ENCRYPTED_ENCODING) return p;
      const keyIdBytes = p.metadata?.[METADATA_KEY_ID];
      const keyId = keyIdBytes ? dec.decode(keyIdBytes) : '';
      const key = this.byId.get(keyId);
      if (!key) throw new Error(`payload encrypted with unknown key "${keyId}": configure it in PAYLOAD_KEYS`);
      const data = Buffer.from(p.data ?? new Uint8Array());
      const nonce = data.subarray(0, 12);
      const tag = data.subarray(data.length - 16);
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, nonce);
      decipher.setAuthTag(tag);
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

/** "id:base64[,id:base64…]" → keys, oldest first. */
export function parsePayloadKeys(spec: string): PayloadKey[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const i = entry.indexOf(':');
      if (i <= 0) throw new Error('PAYLOAD_KEYS entries must be "keyId:base64Key"');
      return { id: entry.slice(0, i), key: Buffer.from(entry.slice(i + 1), 'base64') };
    });
}

/** The data converter every client and worker of this project uses. */
export function dataConverter(keys: readonly PayloadKey[]): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys)],
    failureConverterPath: path.join(__dirname, 'failureConverter.js'),
  };
}
