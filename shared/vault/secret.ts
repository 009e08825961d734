/**
 * What an operator's secret may be (issue 13), for the vault and for the
 * kit's forms alike:
 *
 * - a PIN: 4–8 ASCII digits, not trivially guessable: not all one digit
 *   (1111) and not a straight run up or down (1234, 3456789, 9876, 43210);
 * - a passphrase, for team leads only: 12–128 characters (code points),
 *   well-formed text without control characters.
 *
 * The vault keeps no hash of either: the secret derives (Argon2id) the key
 * that unwraps the operator's slots (./slots.ts), after Unicode NFC
 * normalisation, so one passphrase typed on two keyboards is one key.
 */
import { z } from 'zod';
import type { OperatorRole } from '../ipc';
import { err, ok, type Result } from '../result';

export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 8;
export const PASSPHRASE_MIN_CHARACTERS = 12;
export const PASSPHRASE_MAX_CHARACTERS = 128;

/**
 * The longest secret any call carries, in UTF-16 code units: a passphrase of
 * 128 astral characters. Longer input is refused before anything derives a key from it.
 */
export const MAX_SECRET_LENGTH = PASSPHRASE_MAX_CHARACTERS * 2;

export type SecretKind = 'pin' | 'passphrase';

const PIN = new RegExp(`^[0-9]{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);

/** All one digit, or each digit one more (or one less) than the one before. */
export function isGuessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  return steps.every((s) => s === 0) || steps.every((s) => s === 1) || steps.every((s) => s === -1);
}

/**
 * Whether `secret` may be the secret of an operator in `role`, and which kind
 * it is. The messages are for the person choosing it and never repeat it.
 */
export function checkOperatorSecret(secret: string, role: OperatorRole): Result<SecretKind, 'weak-secret'> {
  if (PIN.test(secret)) {
    return isGuessablePin(secret)
      ? err('weak-secret', 'This PIN is too easy to guess: not all one digit, and not digits in a row such as 1234 or 9876. Choose another.')
      : ok('pin');
  }
  const characters = [...secret].length;
  const passphraseLike = characters >= PASSPHRASE_MIN_CHARACTERS && !/^[0-9]+$/.test(secret);
  if (role !== 'team-lead') {
    return err(
      'weak-secret',
      passphraseLike
        ? `Field officers sign in with a PIN of ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits; passphrases are for team leads.`
        : `A PIN is ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits (0–9).`,
    );
  }
  if (characters < PASSPHRASE_MIN_CHARACTERS || characters > PASSPHRASE_MAX_CHARACTERS) {
    return err(
      'weak-secret',
      `A PIN is ${PIN_MIN_DIGITS} to ${PIN_MAX_DIGITS} digits (0–9); a team lead may instead choose a passphrase of ` +
        `${PASSPHRASE_MIN_CHARACTERS} to ${PASSPHRASE_MAX_CHARACTERS} characters.`,
    );
  }
  if (/[\p{Cc}\p{Cs}]/u.test(secret)) {
    return err('weak-secret', 'A passphrase cannot contain control characters (such as tabs or line breaks).');
  }
  return ok('passphrase');
}

/**
 * A secret as `vault:unlock` and `vault:approve` take it: any text up to
 * `MAX_SECRET_LENGTH`. Whether it is right is the vault's question, not the
 * schema's (a schema that knew the rules would answer some guesses for free).
 */
export const operatorSecretSchema = z
  .string({ error: 'must be text' })
  .min(1, 'must not be empty')
  .max(MAX_SECRET_LENGTH, `must be at most ${MAX_SECRET_LENGTH} characters`);

/**
 * A new secret for an operator in a role (`vault:operator-add`): the rules
 * above, as a zod check on an object with `secret` and `role`. Use it with
 * `.superRefine(newSecretRule)`.
 */
export function newSecretRule(
  request: { readonly secret: string; readonly role: OperatorRole },
  ctx: { addIssue: (issue: { code: 'custom'; path: PropertyKey[]; message: string }) => void },
): void {
  const checked = checkOperatorSecret(request.secret, request.role);
  if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['secret'], message: checked.message });
}
