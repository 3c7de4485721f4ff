/**
 * The inbox forms and the development stubs answer FK's requests with the same commands
 * (domain/answers.ts): each answering command may be sent by the party it is asked of, the stubs'
 * callbacks send exactly it with a body its schema accepts, and an inbox form's input (what the
 * party fills in plus what the request fixes) is valid input too.
 */
import { describe, expect, it } from 'vitest';
import { answeringCommand, fixedInput, type InboxAgency } from '../../domain/answers';
import { COMMAND_ROLES } from '../../domain/commands';
import { commandInputSchemas } from '../../domain/commandSchemas';
import { AGENCY_REQUESTS, MEETINGS } from '../../domain/vocabulary';
import { callbackSpecOf } from '../../stubs/callbacks';
import { formToInput } from '../../web/forms';

const AGENCIES: InboxAgency[] = ['employer', 'region', 'af'];
const requests = AGENCIES.flatMap((agency) => AGENCY_REQUESTS[agency].map((request) => ({ agency, request })));

describe('answering commands', () => {
  it('each request answered by a command is answered by one its party may send', () => {
    const answered = requests.filter((r) => answeringCommand(r.agency, r.request));
    expect(answered.map((r) => `${r.agency}/${r.request}`).sort()).toEqual(
      [
        'af/contact-meeting',
        'af/joint-mapping',
        'af/transition-meeting',
        'employer/return-to-work-plan',
        'employer/sick-report',
        'region/afu',
        'region/certificate-completion',
      ].sort(),
    );
    for (const r of answered) expect(COMMAND_ROLES[answeringCommand(r.agency, r.request)!]).toContain(r.agency);
  });

  it("the stubs' callbacks send the inbox's command, as the party asked, with a body it accepts", () => {
    const called = requests.filter((r) => callbackSpecOf(r.agency, r.request));
    expect(called.map((r) => `${r.agency}/${r.request}`).sort()).toEqual(
      ['employer/return-to-work-plan', 'employer/sick-report', 'region/afu', 'region/certificate-completion'].sort(),
    );
    for (const r of called) {
      const spec = callbackSpecOf(r.agency, r.request)!;
      expect(spec.command).toBe(answeringCommand(r.agency, r.request));
      expect(spec.role).toBe(r.agency);
      expect(commandInputSchemas[spec.command].safeParse(spec.body).success, spec.command).toBe(true);
    }
  });

  it("an inbox form's input is the command's input: what the party filled in plus what the request fixes", () => {
    const plan = {
      ...formToInput('register-plan', { workTasks: ' Lager ', plannedReturnOn: '2027-01-11', via: 'oral' }),
      ...fixedInput('register-plan'),
    };
    expect(plan).toEqual({ via: 'form', workTasks: 'Lager', plannedReturnOn: '2027-01-11' });
    expect(commandInputSchemas['register-plan'].safeParse(plan).success).toBe(true);
    for (const meeting of MEETINGS) {
      const held = { ...formToInput('record-meeting-held', { outcome: 'Plan klar' }), ...fixedInput('record-meeting-held', meeting) };
      expect(commandInputSchemas['record-meeting-held'].safeParse(held).success).toBe(true);
    }
    expect(commandInputSchemas['register-plan'].safeParse({ via: 'form', plannedReturnOn: '2027-02-30' }).success).toBe(false);
  });
});
