/** The API's one-minute memory of the population register's answers (platform/populationRegister.ts). */
import { describe, expect, it } from 'vitest';
import { PopulationRegisterUnavailable, rememberedForAMinute, type PopulationRecord } from '../../platform/populationRegister';

const record: PopulationRecord = { name: { given: 'Anna', family: 'Björk' }, protectedIdentity: false, county: '01' };

function countingRegister(answer: () => Promise<PopulationRecord>) {
  const calls: string[] = [];
  return { calls, register: { lookup: (pnr: string) => (calls.push(pnr), answer()) } };
}

describe('rememberedForAMinute', () => {
  it('asks the register once for the same person within the minute, and again for another person', async () => {
    const { calls, register } = countingRegister(async () => record);
    const remembered = rememberedForAMinute(register);
    expect(await remembered.lookup('196408233234')).toEqual(record);
    expect(await remembered.lookup('196408233234')).toEqual(record);
    expect(await remembered.lookup('191212121212')).toEqual(record);
    expect(calls).toEqual(['196408233234', '191212121212']);
  });

  it('asks again once the minute has passed', async () => {
    const clock = { ms: 1_000, now: () => clock.ms };
    const { calls, register } = countingRegister(async () => record);
    const remembered = rememberedForAMinute(register, clock);
    await remembered.lookup('196408233234');
    clock.ms += 59_000;
    await remembered.lookup('196408233234');
    expect(calls).toHaveLength(1);
    clock.ms += 2_000;
    await remembered.lookup('196408233234');
    expect(calls).toHaveLength(2);
  });

  it('keeps no failure: a register that could not answer is asked again', async () => {
    let up = false;
    const { calls, register } = countingRegister(async () => {
      if (!up) throw new PopulationRegisterUnavailable('down');
      return record;
    });
    const remembered = rememberedForAMinute(register);
    await expect(remembered.lookup('196408233234')).rejects.toBeInstanceOf(PopulationRegisterUnavailable);
    up = true;
    expect(await remembered.lookup('196408233234')).toEqual(record);
    expect(calls).toHaveLength(2);
  });
});
