/**
 * One spelling for comparing names, shelters and phone numbers typed by
 * different officers, in any of the six UN languages' scripts (issue 11):
 * case, accents and width fold away (NFKD, combining marks dropped, Unicode
 * lower case); in Arabic, the hamza forms of alef become bare alef, alef
 * maqsura becomes ya, ta marbuta becomes ha, and tatweel and short vowels
 * (harakat) go; punctuation becomes a space and runs of spaces one.
 */

const ARABIC_FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u0622\u0623\u0625\u0671]/g, '\u0627'],
  [/\u0649/g, '\u064a'],
  [/\u0629/g, '\u0647'],
  [/[\u0640\u064b-\u065f\u0670]/g, ''],
];

export function normalizeText(text: string): string {
  let folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const [pattern, replacement] of ARABIC_FOLDS) folded = folded.replace(pattern, replacement);
  return folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Digits only, from the last 9 on: "+254 712-345678" and "0712345678" are one number. */
export function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.slice(-9);
}
