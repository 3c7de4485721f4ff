/**
 * Client of the population register (folkbokföring; in development the stub's
 * `POST /population/lookup`): name, protected identity and county of a personnummer. The number goes
 * in the body (never a URL) and nothing of the answer is logged or kept.
 */
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

export function httpPopulationRegister(baseUrl: string, timeoutMs = 5_000): PopulationRegister {
  return {
    async lookup(personnummer) {
      let res: Response;
      try {
        res = await fetch(`${baseUrl}/population/lookup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ personnummer }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        throw new PopulationRegisterUnavailable(`the population register did not answer (${(err as Error).name})`);
      }
      if (!res.ok) throw new PopulationRegisterUnavailable(`the population register answered ${res.status}`);
      const parsed = populationRecordSchema.safeParse(await res.json());
      if (!parsed.success) throw new PopulationRegisterUnavailable('the population register answered in an unknown shape');
      return parsed.data;
    },
  };
}
