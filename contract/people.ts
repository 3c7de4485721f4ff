/** Whose case it is, as FK staff see it (api/people.ts builds it; the web app shows it). */
import { z } from 'zod';

export const personSchema = z.union([
  z.object({
    personnummer: z.string().describe('YYYYMMDD-NNNN'),
    name: z.object({ given: z.string(), family: z.string() }),
    protectedIdentity: z.literal(false),
  }),
  z.object({ protectedIdentity: z.literal(true) }),
]);
export type PersonView = z.infer<typeof personSchema>;
