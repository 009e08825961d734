/**
 * New secrets (issue 13): the forms check them by `checkOperatorSecret`'s
 * rules, in the kind the operator chose, and say what is wrong in the
 * operator's language.
 */
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../i18n';
import {
  emptyNewPin,
  isUnlockShape,
  isValidPin,
  newPinErrors,
  newPinForRole,
  newPinProblems,
  type NewPin,
  type NewPinProblem,
} from './pin';

const pin = (value: string, again = value): NewPin => ({ pin: value, again, passphrase: false });
const passphrase = (value: string, again = value): NewPin => ({ pin: value, again, passphrase: true });

const PASSPHRASE = 'olive tree by the well 42';

beforeAll(async () => {
  await i18next.init({
    resources: { en: { translation: MESSAGES.en }, fr: { translation: MESSAGES.fr }, ar: { translation: MESSAGES.ar } },
    lng: 'en',
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
});

describe('newPinProblems', () => {
  it('takes a PIN of 4 to 8 digits that is not guessable, for any role', () => {
    for (const role of ['field-officer', 'team-lead'] as const) {
      expect(newPinProblems(pin('2468'), role)).toEqual({});
      expect(newPinProblems(pin('73915820'), role)).toEqual({});
      expect(newPinProblems(pin('1357'), role)).toEqual({});
    }
  });

  it('refuses a PIN of the wrong shape', () => {
    expect(newPinProblems(pin(''), 'field-officer')).toEqual({ pin: 'pin.format' });
    expect(newPinProblems(pin('246'), 'field-officer')).toEqual({ pin: 'pin.format' });
    expect(newPinProblems(pin('246813579'), 'team-lead')).toEqual({ pin: 'pin.format' });
    expect(newPinProblems(pin('24a8'), 'team-lead')).toEqual({ pin: 'pin.format' });
  });

  it('refuses a guessable PIN: all one digit, or a straight run up or down', () => {
    for (const guessable of ['1234', '0000', '99999999', '9876', '3456789', '43210']) {
      expect(newPinProblems(pin(guessable), 'team-lead'), guessable).toEqual({ pin: 'pin.guessable' });
      expect(newPinProblems(pin(guessable), 'field-officer'), guessable).toEqual({ pin: 'pin.guessable' });
    }
  });

  it('wants the PIN typed the same twice', () => {
    expect(newPinProblems(pin('2468', '2469'), 'field-officer')).toEqual({ pinAgain: 'pin.mismatch' });
    expect(newPinProblems(pin('2468', ''), 'team-lead')).toEqual({ pinAgain: 'pin.mismatch' });
  });

  it("takes a lead's passphrase of 12 to 128 characters", () => {
    expect(newPinProblems(passphrase(PASSPHRASE), 'team-lead')).toEqual({});
    expect(newPinProblems(passphrase('a'.repeat(12)), 'team-lead')).toEqual({});
    expect(newPinProblems(passphrase('a'.repeat(128)), 'team-lead')).toEqual({});
    // Characters are code points: 128 astral ones (256 UTF-16 units) are a passphrase of 128.
    expect(newPinProblems(passphrase('🌳'.repeat(128)), 'team-lead')).toEqual({});
    expect(newPinProblems(passphrase('زيتونة عند البئر'), 'team-lead')).toEqual({});
  });

  it('refuses a passphrase too short, too long, or that is really a PIN', () => {
    expect(newPinProblems(passphrase('a'.repeat(11)), 'team-lead')).toEqual({ pin: 'passphrase.format' });
    expect(newPinProblems(passphrase('a'.repeat(129)), 'team-lead')).toEqual({ pin: 'passphrase.format' });
    expect(newPinProblems(passphrase('🌳'.repeat(129)), 'team-lead')).toEqual({ pin: 'passphrase.format' });
    expect(newPinProblems(passphrase(''), 'team-lead')).toEqual({ pin: 'passphrase.format' });
    expect(newPinProblems(passphrase('2468'), 'team-lead')).toEqual({ pin: 'passphrase.format' });
  });

  it('refuses a passphrase with a control character', () => {
    expect(newPinProblems(passphrase('olive tree\tby the well'), 'team-lead')).toEqual({ pin: 'passphrase.control' });
    expect(newPinProblems(passphrase('olive tree by the well\n'), 'team-lead')).toEqual({ pin: 'passphrase.control' });
  });

  it('wants the passphrase typed the same twice', () => {
    expect(newPinProblems(passphrase(PASSPHRASE, `${PASSPHRASE} `), 'team-lead')).toEqual({ pinAgain: 'passphrase.mismatch' });
  });

  it('holds a field officer to the PIN rules whatever the checkbox said', () => {
    expect(newPinProblems(passphrase(PASSPHRASE), 'field-officer')).toEqual({ pin: 'pin.format' });
    expect(newPinProblems(passphrase('2468'), 'field-officer')).toEqual({});
  });
});

describe('newPinErrors', () => {
  it('translates every problem, in the language in force', async () => {
    const keys: NewPinProblem[] = ['pin.format', 'pin.guessable', 'pin.mismatch', 'passphrase.format', 'passphrase.control', 'passphrase.mismatch'];
    for (const language of ['en', 'fr', 'ar'] as const) {
      await i18next.changeLanguage(language);
      for (const key of keys) {
        const [group, name] = key.split('.') as [string, string];
        const table = MESSAGES[language][group] as Record<string, string>;
        expect(table[name], `${language}: ${key}`).toBeTruthy();
      }
    }
    await i18next.changeLanguage('en');
  });

  it('shows the message under the field it is about', async () => {
    await i18next.changeLanguage('en');
    expect(newPinErrors(pin('1234'), 'team-lead')).toEqual({ pin: 'This PIN is too easy to guess: not all one digit, and not digits in a row such as 1234 or 9876. Choose another.' });
    expect(newPinErrors(pin('12'), 'field-officer')).toEqual({ pin: 'The PIN must be 4 to 8 digits.' });
    expect(newPinErrors(passphrase('short'), 'team-lead')).toEqual({ pin: 'A passphrase has 12 to 128 characters.' });
    expect(newPinErrors(pin('2468', '2486'), 'field-officer')).toEqual({ pinAgain: 'The two PINs are not the same.' });
    expect(newPinErrors(passphrase(PASSPHRASE), 'team-lead')).toEqual({});
    await i18next.changeLanguage('fr');
    expect(newPinErrors(passphrase('short'), 'team-lead')).toEqual({ pin: 'Une phrase secrète comporte 12 à 128 caractères.' });
    await i18next.changeLanguage('en');
  });
});

describe('newPinForRole', () => {
  it("drops a passphrase when the operator is no longer a lead, and keeps a PIN", () => {
    expect(newPinForRole(passphrase(PASSPHRASE), 'field-officer')).toEqual(emptyNewPin);
    expect(newPinForRole(passphrase(PASSPHRASE), 'team-lead')).toEqual(passphrase(PASSPHRASE));
    expect(newPinForRole(pin('2468'), 'field-officer')).toEqual(pin('2468'));
  });
});

describe('unlock shape', () => {
  it('checks a PIN by its shape and a passphrase only for being typed', () => {
    expect(isValidPin('2468')).toBe(true);
    expect(isValidPin('246')).toBe(false);
    expect(isUnlockShape('2468', false)).toBe(true);
    expect(isUnlockShape('olive', false)).toBe(false);
    expect(isUnlockShape('olive', true)).toBe(true);
    expect(isUnlockShape('', true)).toBe(false);
  });
});
