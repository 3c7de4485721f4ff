/**
 * The web app's command forms come from the commands' zod schemas, and every word from web/sv.ts:
 * each field of each command has a Swedish label and the right input; a posted form converts back
 * to input the API's own parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../domain/commands';
import { commandInputSchemas, parseCommandInput } from '../../domain/commandSchemas';
import { EVENT_TYPES } from '../../domain/vocabulary';
import { commandFields, formToInput } from '../../web/forms';
import { actorText, eventDetail, eventLabel, historyText, isInternal } from '../../web/describe';
import { COMMAND_LABELS, FIELD_LABELS } from '../../web/sv';
import { offeredCommands, sentCommand } from '../../web/pages/case';

describe('command forms from the zod schemas', () => {
  it('every field of every command has a Swedish label and a form control', () => {
    for (const c of COMMANDS) {
      expect(COMMAND_LABELS[c], c).toBeTruthy();
      const fields = commandFields(c);
      const shape = Object.keys((commandInputSchemas[c] as unknown as { shape?: object }).shape ?? {});
      if (shape.length) expect(fields.map((f) => f.name).sort(), c).toEqual(shape.sort());
      for (const f of fields) expect(FIELD_LABELS[f.name], `${c}.${f.name}`).toBeTruthy();
    }
  });

  it('maps schema types to inputs: enum → select, date → date, boolean → radios or checkbox, number enum → select', () => {
    const cert = Object.fromEntries(commandFields('register-certificate').map((f) => [f.name, f]));
    expect(cert.from).toMatchObject({ kind: 'date', required: true });
    expect(cert.degree).toMatchObject({
      kind: 'select',
      numeric: true,
      options: ['25', '50', '75', '100'].map((v) => expect.objectContaining({ value: v })),
    });
    expect(cert.expectedDurationDays).toMatchObject({ kind: 'number', required: false, min: 1, max: 3650 });
    expect(commandFields('assess-rehab-need')[0]).toMatchObject({ kind: 'radio', required: true });
    expect(commandFields('order-afu')[0]).toMatchObject({ kind: 'checkbox', required: false });
    expect(commandFields('schedule-meeting')[0]!.options!.map((o) => o.label)).toContain('Avstämningsmöte');
    expect(commandFields('decide-exception').find((f) => f.name === 'reason')!.kind).toBe('textarea');
  });

  it('converts a posted form back into input the API accepts, leaving empty optionals out', () => {
    const cert = formToInput('register-certificate', {
      from: '2026-11-01',
      to: '2026-11-30',
      degree: '50',
      expectedDurationDays: '',
      _csrf: 'x',
    });
    expect(cert).toEqual({ from: '2026-11-01', to: '2026-11-30', degree: 50 });
    expect(parseCommandInput('register-certificate', cert).ok).toBe(true);
    expect(formToInput('assess-rehab-need', { need: 'false', note: '  ' })).toEqual({ need: false });
    expect(formToInput('order-afu', { extended: 'true' })).toEqual({ extended: true });
    expect(formToInput('order-afu', {})).toEqual({});
    // what cannot be converted goes on unchanged, for the API to reject by field
    const bad = formToInput('register-certificate', { from: '2026-11-01', to: '2026-11-30', degree: 'hälften' });
    expect(parseCommandInput('register-certificate', bad)).toMatchObject({ ok: false, field: 'degree' });
  });
});

describe('Swedish wording', () => {
  it('every timeline event type has its own label', () => {
    const labels = EVENT_TYPES.map((type) => eventLabel({ type, day: 1, date: '2026-01-01' }));
    expect(new Set(labels).size).toBe(EVENT_TYPES.length);
    for (const l of labels) expect(l).not.toMatch(/\./);
  });

  it('describes events and history lines in Swedish', () => {
    expect(eventDetail({ type: 'task.opened', day: 15, date: '2026-01-15', task: 'assess-work-capacity', dueDay: 29 })).toBe(
      'Bedöm arbetsförmåga, senast dag 29',
    );
    expect(eventDetail({ type: 'command.recorded', day: 3, date: '2026-01-03', command: 'register-certificate' })).toBe(
      'Registrera läkarintyg',
    );
    const at = { eventId: 5, time: '2026-12-01T10:00:00.000Z' };
    expect(historyText({ ...at, kind: 'command-accepted', command: 'reassign' })).toBe('Kommando mottaget: Byt handläggare');
    expect(historyText({ ...at, kind: 'command-completed', command: 'reassign' })).toBe('Kommando utfört: Byt handläggare');
    expect(historyText({ ...at, kind: 'timer-started', fireAt: '2026-12-07T23:00:00.000Z', fireChainDay: 55 })).toBe(
      'Väntar till 2026-12-08 00:00:00 (dag 55)',
    );
    expect(historyText({ ...at, kind: 'request-attempt', agency: 'af', request: 'transition-meeting', attempt: 2 })).toMatch(
      /^Begäran, försök 2: Arbetsförmedlingen: /,
    );
    // the archive step at close asks no agency: named in Swedish, no '?' (also as already archived records have it)
    for (const kind of ['request-scheduled', 'request-attempt', 'request-performed'] as const) {
      const text = historyText({ ...at, kind, agency: '?', request: 'archiveCase', attempt: 1 });
      expect(text).toContain('Arkivet: hela ärendet sparas');
      expect(text).not.toMatch(/\?|archiveCase/);
    }
    expect(actorText({ sub: 'chef-1', role: 'supervisor' })).toBe('chef-1 (Chef)');
    expect(isInternal({ ...at, kind: 'marker', marker: 'core_patch' })).toBe(true);
    expect(isInternal({ ...at, kind: 'timer-fired' })).toBe(false);
  });
});

describe('which command forms a case page offers', () => {
  it('the commands the API offers, those that complete an open task first', () => {
    const view = {
      availableCommands: ['register-certificate', 'assess-work-capacity', 'close-case'] as const,
      openTasks: [{ task: 'assess-work-capacity' as const, dueDay: 30, overdue: false }],
    };
    expect(offeredCommands({ ...view, availableCommands: [...view.availableCommands] })).toEqual([
      'assess-work-capacity',
      'register-certificate',
      'close-case',
    ]);
    expect(offeredCommands({ availableCommands: [], openTasks: view.openTasks })).toEqual([]);
  });
});

it('confirms only real command names after a redirect (no message can be planted through the URL)', () => {
  expect(sentCommand({ skickat: 'reassign' })).toBe('reassign');
  expect(sentCommand({ skickat: 'Ring 020-123 456 och uppge ditt personnummer' })).toBeUndefined();
  expect(sentCommand(undefined)).toBeUndefined();
});
