/**
 * Client of the population register (folkbokföring; in development the stub's
 * `POST /population/lookup`): name, protected identity and county of a personnummer. The number goes
 * in the body (never a URL) and nothing of the answer is logged or written anywhere; the API holds
 * an answer in memory for a minute (`rememberedForAMinute`).
 *
 * Every opening of a case asks it, so the call is made with Node's own HTTP client over kept-alive
 * connections: `fetch` (WHATWG streams, a Response, an AbortSignal per call) cost the API about a
 * fifth of its CPU per opening (docs/performance.md, "Round 2").
 */
import http from 'node:http';
import https from 'node:https';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';

export const populationRecordSchema = z.object({
  name: z.object({ given: z.string(), family: z.string() }),
  protectedIdentity: z.boolean(),
  county: z.string().regex(/^\d{2}$/),
});
export type PopulationRecord = z.infer<typeof populationRecordSchema>;

export interface PopulationRegister {
  /** the record of a valid personnummer; throws PopulationRegisterUnavailable when the register cannot answer */
  lookup(personnummer: string): Promise<PopulationRecord>;
}

export class PopulationRegisterUnavailable extends Error {}

/** An idle kept-alive connection is closed after this long, before a server would close it under a request. */
const IDLE_CONNECTION_MS = 4_000;

export function httpPopulationRegister(baseUrl: string, timeoutMs = 5_000): PopulationRegister {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/population/lookup`);
  const transport = url.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, timeout: IDLE_CONNECTION_MS });
  return {
    lookup(personnummer) {
      const body = JSON.stringify({ personnummer });
      return new Promise<PopulationRecord>((resolve, reject) => {
        const fail = (why: string) => reject(new PopulationRegisterUnavailable(why));
        const req = transport.request(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (err) => {
              clearTimeout(deadline);
              fail(`the population register did not answer (${err.name})`);
            });
            res.on('end', () => {
              clearTimeout(deadline);
              const status = res.statusCode ?? 0;
              if (status < 200 || status > 299) return fail(`the population register answered ${status}`);
              let json: unknown;
              try {
                json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
              } catch {
                return fail('the population register answered in an unknown shape');
              }
              const parsed = populationRecordSchema.safeParse(json);
              if (!parsed.success) return fail('the population register answered in an unknown shape');
              resolve(parsed.data);
            });
          },
        );
        // one deadline for the whole call (connecting, sending, the answer), as AbortSignal.timeout was
        const deadline = setTimeout(() => req.destroy(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })), timeoutMs);
        req.on('error', (err) => {
          clearTimeout(deadline);
          fail(`the population register did not answer (${err.name})`);
        });
        req.end(body);
      });
    },
  };
}

/**
 * Answers kept in this process's memory for REGISTER_ANSWER_TTL_MS (nowhere else): a work list asks
 * for the people of up to 200 cases on every page, and a case page for its person on every reload,
 * so without it every view is as many register calls. A minute is well inside how fresh FK's own
 * copy of the register is in practice (changes reach it by Skatteverket's notices, not by the
 * second). Only answers are kept: a register that cannot answer is asked again on the next call.
 */
const REGISTER_ANSWER_TTL_MS = 60_000;
const REGISTER_ANSWERS_KEPT = 20_000;

export function rememberedForAMinute(register: PopulationRegister, clock: { now(): number } = performance): PopulationRegister {
  const answers = new LRUCache<string, PopulationRecord>({
    max: REGISTER_ANSWERS_KEPT,
    ttl: REGISTER_ANSWER_TTL_MS,
    ttlResolution: 0,
    perf: clock,
  });
  return {
    async lookup(personnummer) {
      const known = answers.get(personnummer);
      if (known) return known;
      const record = await register.lookup(personnummer);
      answers.set(personnummer, record);
      return record;
    },
  };
}
