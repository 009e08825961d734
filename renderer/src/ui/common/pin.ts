/**
 * Secret rules shared by setup, the lock screen, operators and team-lead
 * approvals. Every operator may have a PIN; a team lead may instead have a
 * passphrase (issue 13). What a new secret may be is `checkOperatorSecret`'s
 * question (shared/vault/secret.ts); this file gives its answers translated
 * messages and checks only the shape of a secret typed to unlock.
 */
import i18next from 'i18next';
import type { Role } from '../../kit/api';
import {
  MAX_SECRET_LENGTH,
  PASSPHRASE_MAX_CHARACTERS,
  PASSPHRASE_MIN_CHARACTERS,
  PIN_MAX_DIGITS,
  PIN_MIN_DIGITS,
  checkOperatorSecret,
  isGuessablePin,
} from '../../../../shared/vault/secret';

export const PIN_MIN = PIN_MIN_DIGITS;
export const PIN_MAX = PIN_MAX_DIGITS;
/**
 * What a passphrase field lets one type, in UTF-16 code units: a passphrase
 * of 128 characters (code points, up to two units each). Longer is refused
 * with a message rather than cut off without a word.
 */
export const PASSPHRASE_MAX_LENGTH = MAX_SECRET_LENGTH;
const PIN_PATTERN = new RegExp(`^[0-9]{${PIN_MIN},${PIN_MAX}}$`);

export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin);

/** Keeps only ASCII digits (a pasted or mistyped character never reaches the kit) and caps the length. */
export const cleanPin = (text: string): string => text.replace(/[^0-9]/g, '').slice(0, PIN_MAX);

/**
 * Whether a secret typed to unlock (or approve) is worth asking the vault
 * about: a PIN's shape, or any passphrase that is not empty (the vault alone
 * says whether it is right).
 */
export const isUnlockShape = (secret: string, passphrase: boolean): boolean =>
  passphrase ? secret.length > 0 && secret.length <= PASSPHRASE_MAX_LENGTH : isValidPin(secret);

/** A new secret typed twice; `passphrase` when a team lead chose a passphrase instead of a PIN. */
export interface NewPin {
  readonly pin: string;
  readonly again: string;
  readonly passphrase: boolean;
}

export const emptyNewPin: NewPin = { pin: '', again: '', passphrase: false };

export type NewPinErrors = Partial<Record<'pin' | 'pinAgain', string>>;

/** A passphrase only for a team lead: for anyone else the PIN rules apply whatever the checkbox said. */
export const usesPassphrase = (value: NewPin, role: Role): boolean => value.passphrase && role === 'team-lead';

/** What stays of a new secret when the operator's role changes: a passphrase is only a lead's. */
export const newPinForRole = (value: NewPin, role: Role): NewPin => (role === 'team-lead' || !value.passphrase ? value : emptyNewPin);

/** The translation keys of what can be wrong with a new secret. */
export type NewPinProblem = 'pin.format' | 'pin.guessable' | 'pin.mismatch' | 'passphrase.format' | 'passphrase.control' | 'passphrase.mismatch';

/**
 * The problems of a new secret for an operator in `role`, as translation
 * keys: `checkOperatorSecret`'s rules, the kind the operator chose (a PIN
 * field takes no passphrase and a passphrase field no PIN), typed the same twice.
 */
export function newPinProblems(value: NewPin, role: Role): Partial<Record<'pin' | 'pinAgain', NewPinProblem>> {
  const passphrase = usesPassphrase(value, role);
  if (passphrase) {
    const checked = checkOperatorSecret(value.pin, role);
    if (!checked.ok || checked.value !== 'passphrase') {
      // Well-sized but with a tab or another control character: say so, not "12 to 128 characters".
      const characters = [...value.pin].length;
      const sized = characters >= PASSPHRASE_MIN_CHARACTERS && characters <= PASSPHRASE_MAX_CHARACTERS;
      return { pin: sized ? 'passphrase.control' : 'passphrase.format' };
    }
  } else {
    if (!isValidPin(value.pin)) return { pin: 'pin.format' };
    if (isGuessablePin(value.pin)) return { pin: 'pin.guessable' };
  }
  if (value.pin !== value.again) return { pinAgain: passphrase ? 'passphrase.mismatch' : 'pin.mismatch' };
  return {};
}

/** `newPinProblems`, translated: what the forms show under the fields. */
export function newPinErrors(value: NewPin, role: Role): NewPinErrors {
  const problems = newPinProblems(value, role);
  const errors: { pin?: string; pinAgain?: string } = {};
  if (problems.pin) errors.pin = i18next.t(problems.pin);
  if (problems.pinAgain) errors.pinAgain = i18next.t(problems.pinAgain);
  return errors;
}
