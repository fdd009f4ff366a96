/**
 * The inputs each disposition code asks for, per campaign kind — the same
 * details the api checks (libs/dialer disposition-data.ts), which answers
 * with the field and the reason when one is wrong.
 */
export type FieldKind = 'integer' | 'currency' | 'text' | 'date' | 'local-datetime';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required: boolean;
}

const f = (name: string, kind: FieldKind, required = false): FieldSpec => ({ name, kind, required });

const FIELDS: Record<string, Record<string, FieldSpec[]>> = {
  telemarketing: {
    SALE: [f('amount', 'integer'), f('currency', 'currency'), f('product', 'text')],
    APPOINTMENT: [f('appointmentAt', 'local-datetime', true)],
  },
  collections: {
    PROMISE_TO_PAY: [f('amount', 'integer', true), f('currency', 'currency', true), f('date', 'date', true)],
    PAID: [f('amount', 'integer'), f('currency', 'currency'), f('date', 'date'), f('reference', 'text')],
    DISPUTE: [f('reason', 'text', true)],
  },
};

export function fieldsFor(kind: string, code: string | null): FieldSpec[] {
  return code ? (FIELDS[kind]?.[code] ?? []) : [];
}

/** The form's strings as the api's `data`: numbers as integers, local date-times with the callee's offset; empty fields left out. */
export function dispositionData(
  fields: FieldSpec[],
  values: Record<string, string>,
  toInstant: (local: string) => string | null,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = (values[field.name] ?? '').trim();
    if (raw === '') continue;
    if (field.kind === 'integer') data[field.name] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
    else if (field.kind === 'currency') data[field.name] = raw.toUpperCase();
    else if (field.kind === 'local-datetime') data[field.name] = toInstant(raw) ?? raw;
    else data[field.name] = raw;
  }
  return data;
}
