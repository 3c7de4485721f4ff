/**
 * Command forms derived from the commands' own zod schemas (domain/commands.ts, the same ones the
 * API validates with), through zod's JSON Schema: enum → select, boolean → yes/no radios (an
 * optional one → checkbox), a list of enum values → checkboxes, ISO date → date input, number enum →
 * select, long free text → textarea.
 * And back: a posted form (all strings) → the command's JSON input, leaving empty optionals out.
 */
import { z } from 'zod';
import { commandInputSchemas, isoDate } from '../domain/commandSchemas';
import type { CommandName } from '../domain/commands';
import { fieldLabel, valueLabel } from './sv';

export interface FormField {
  name: string;
  label: string;
  kind: 'select' | 'radio' | 'checkbox' | 'checkboxes' | 'date' | 'number' | 'text' | 'textarea';
  required: boolean;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  maxLength?: number;
  numeric?: boolean;
}

interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
}

/** Free text longer than this gets a textarea. */
const TEXTAREA_FROM = 500;

function fieldOf(name: string, s: JsonSchema, required: boolean): FormField {
  const base = { name, label: fieldLabel(name), required };
  if (s.type === 'array' && s.items?.enum) {
    return { ...base, kind: 'checkboxes', options: s.items.enum.map((c) => ({ value: String(c), label: valueLabel(name, String(c)) })) };
  }
  const consts = s.enum ?? s.anyOf?.map((a) => a.const);
  if (consts && consts.every((c) => c !== undefined)) {
    const numeric = consts.every((c) => typeof c === 'number');
    return { ...base, kind: 'select', numeric, options: consts.map((c) => ({ value: String(c), label: valueLabel(name, String(c)) })) };
  }
  if (s.type === 'boolean') {
    if (!required) return { ...base, kind: 'checkbox' };
    return { ...base, kind: 'radio', options: ['true', 'false'].map((v) => ({ value: v, label: valueLabel('boolean', v) })) };
  }
  if (s.format === 'date') return { ...base, kind: 'date' };
  if (s.type === 'integer' || s.type === 'number') {
    return {
      ...base,
      kind: 'number',
      numeric: true,
      ...(s.minimum !== undefined ? { min: s.minimum } : {}),
      ...(s.maximum !== undefined ? { max: s.maximum } : {}),
    };
  }
  const maxLength = s.maxLength;
  return { ...base, kind: maxLength && maxLength > TEXTAREA_FROM ? 'textarea' : 'text', ...(maxLength ? { maxLength } : {}) };
}

const cache = new Map<CommandName, FormField[]>();

export function commandFields(command: CommandName): FormField[] {
  const hit = cache.get(command);
  if (hit) return hit;
  const json = z.toJSONSchema(commandInputSchemas[command], {
    io: 'input',
    unrepresentable: 'any',
    // the ISO date is a refined string: mark it so the form gets a date picker
    override: (ctx) => {
      if (ctx.zodSchema === isoDate) (ctx.jsonSchema as JsonSchema).format = 'date';
    },
  }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const fields = Object.entries(json.properties ?? {}).map(([name, s]) => fieldOf(name, s, required.has(name)));
  cache.set(command, fields);
  return fields;
}

/** A posted form → the command's input. Values it cannot convert are passed on as they are, for the API to reject by field. */
export function formToInput(command: CommandName, form: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of commandFields(command)) {
    const raw = form[f.name];
    if (f.kind === 'checkboxes') {
      // a form posts one value per ticked box: none, one (a string) or several (an array)
      const ticked = (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === 'string' && x !== '');
      if (ticked.length) input[f.name] = ticked;
      continue;
    }
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const value = raw.trim();
    if (f.kind === 'checkbox') input[f.name] = true;
    else if (f.kind === 'radio') input[f.name] = value === 'true' ? true : value === 'false' ? false : value;
    else if (f.numeric) input[f.name] = Number.isFinite(Number(value)) ? Number(value) : value;
    else input[f.name] = value;
  }
  return input;
}
