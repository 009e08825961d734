/**
 * The plan form's line formats, read into the plan event's body parts:
 * items `code qty unit` and unit costs `code unit amount currency`, one per
 * line. The ledger checks the whole body against the plan schema when it
 * signs; this only turns text into numbers and says which line it could not.
 */
import { err, ok, type Result } from '../../shared/result';

export interface ItemLine {
  readonly code: string;
  readonly qty: number;
  readonly unit: string;
}

export interface CostLine {
  readonly code: string;
  readonly unit: string;
  readonly amount: number;
  readonly currency: string;
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** A number as written, or NaN (which the schema then refuses with its reason). */
const num = (text: string): number => (/^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : Number.NaN);

export function itemLines(text: string): Result<ItemLine[], 'bad-line'> {
  const out: ItemLine[] = [];
  for (const [i, line] of lines(text).entries()) {
    const parts = line.split(/\s+/);
    if (parts.length !== 3 || Number.isNaN(num(parts[1]!))) return err('bad-line', String(i + 1));
    out.push({ code: parts[0]!, qty: num(parts[1]!), unit: parts[2]! });
  }
  return ok(out);
}

export function costLines(text: string): Result<CostLine[], 'bad-line'> {
  const out: CostLine[] = [];
  for (const [i, line] of lines(text).entries()) {
    const parts = line.split(/\s+/);
    if (parts.length !== 4 || !/^[0-9]+$/.test(parts[2]!)) return err('bad-line', String(i + 1));
    out.push({ code: parts[0]!, unit: parts[1]!, amount: Number(parts[2]), currency: parts[3]! });
  }
  return ok(out);
}

/** Codes separated by commas, blanks dropped. */
export const codeList = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '');
