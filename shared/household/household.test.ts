import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  householdPiiSchema,
  MEMBER_SEXES,
  VULNERABILITIES,
  validateEnrolmentInput,
  type HouseholdPiiInput,
} from './household';

const amina: HouseholdPiiInput = {
  head: { name: 'Amina Yusuf', sex: 'female', birthYear: 1989 },
  phone: '+254 712 345 678',
  shelter: 'B7/114',
  members: [
    { band: '18-59', sex: 'female', count: 1 },
    { band: '0-4', sex: 'male', count: 2 },
  ],
  vulnerabilities: ['single-parent'],
  proxies: [{ name: 'Halima Yusuf', relation: 'sister' }],
};

const enrol = (pii: unknown, size: unknown = 3, site: unknown = 'camp-north') => validateEnrolmentInput({ pii, size, site });

function problems(pii: unknown, size?: unknown): string {
  const r = enrol(pii, size);
  return r.ok ? '' : r.message;
}

describe('the household record', () => {
  it('accepts a complete enrolment and stores one spelling of it', () => {
    const r = enrol({
      ...amina,
      head: { name: '  Amina   Yusuf ', sex: 'female' },
      phone: '00254 (712) 345-678',
      vulnerabilities: ['single-parent', 'disability', 'single-parent'],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.site).toBe('camp-north');
    expect(r.value.size).toBe(3);
    expect(r.value.pii.head.name).toBe('Amina Yusuf');
    expect(r.value.pii.phone).toBe('+254712345678');
    // A subset in the list's order, so equal records seal to equal plaintext.
    expect(r.value.pii.vulnerabilities).toEqual(['disability', 'single-parent']);
  });

  it('needs only the head, the shelter and the members', () => {
    const r = enrol({ head: { name: 'Omar', sex: 'male' }, shelter: 'C2', members: [{ band: '18-59', sex: 'male', count: 1 }] }, 1);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.pii).toEqual({ head: { name: 'Omar', sex: 'male' }, shelter: 'C2', members: [{ band: '18-59', sex: 'male', count: 1 }], vulnerabilities: [], proxies: [] });
  });

  it('stores names in Unicode NFC, so a name typed and the same name imported are one string', () => {
    const decomposed = 'Re\u0301my';
    const parsed = householdPiiSchema.parse({ ...amina, head: { name: decomposed, sex: 'male' } });
    expect(parsed.head.name).toBe('R\u00e9my');
  });

  it('needs the size to be the sum of the member counts', () => {
    expect(problems(amina, 4)).toBe('Household size: is 4 but the members listed add up to 3');
    expect(problems(amina, 3)).toBe('');
  });

  it('lists every problem at once, each with the field a field officer sees on the form', () => {
    const message = problems(
      {
        head: { name: ' ', sex: 'x', birthYear: 1850 },
        phone: '0712 345678',
        shelter: 'B7/114\nB8',
        members: [
          { band: '0-4', sex: 'male', count: 0 },
          { band: '0-4', sex: 'male', count: 1 },
        ],
        vulnerabilities: ['disability', 'homeless'],
        proxies: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }],
        notes: 'free text is not part of the record',
      },
      1,
    );
    expect(message.split('\n')).toEqual([
      'Name of the head of household: is empty',
      'Sex of the head of household: must be female, male or other',
      'Year of birth of the head of household: must be 1900 or later',
      'Phone number: must start with + and the country code, like +254 712 345 678',
      'Shelter: contains a line break or another invisible character',
      'Number of people (line 1): must be at least 1',
      'Household members: list male 0-4 once, with the total count',
      `Vulnerabilities (line 2): “homeless” is not one of ${VULNERABILITIES.join(', ')}`,
      'Proxies: at most 3 people can collect for a household',
      'Household record: has fields this kit does not know: notes',
    ]);
  });

  it('says what is missing rather than what type was expected', () => {
    expect(validateEnrolmentInput({})).toEqual({
      ok: false,
      code: 'invalid-household',
      message: 'Household record: is missing\nHousehold size: is missing\nSite: is missing',
    });
    expect(problems({ shelter: 'B7', members: [{ band: '60+', sex: 'female', count: 1 }] }, 1)).toBe('Head of household: is missing');
    expect(problems({ head: { sex: 'female' }, shelter: 'B7', members: [] }, 1).split('\n')).toEqual([
      'Name of the head of household: is missing',
      'Household members: are missing: list at least the head of household',
    ]);
  });

  it('refuses a household of more than 100 people, the bound of the enrolment event', () => {
    const members = [
      { band: '18-59', sex: 'female', count: 60 },
      { band: '5-17', sex: 'male', count: 41 },
    ];
    expect(problems({ ...amina, members }, 101)).toContain('Household members: add up to 101; a household has at most 100 members');
  });

  it('refuses names with control characters, invisible separators, or more than 120 characters', () => {
    for (const name of ['Amina\u0000', 'Amina\u2028Yusuf', 'A\u0085', 'x'.repeat(121)]) {
      expect(problems({ ...amina, head: { name, sex: 'female' } }), JSON.stringify(name)).toMatch(/^Name of the head of household: /);
    }
    expect(problems({ ...amina, head: { name: 'x'.repeat(120), sex: 'female' } })).toBe('');
    expect(problems({ ...amina, head: { name: 'أمينة يوسف', sex: 'female' } })).toBe('');
  });

  it('reads phone numbers in the usual spellings and refuses ones without a country code', () => {
    for (const phone of ['+254712345678', '+254 712 345 678', '00254712345678', '+1 (555) 010-9999', '+961.3.123456']) {
      expect(problems({ ...amina, phone }), phone).toBe('');
    }
    for (const phone of ['0712345678', '+0712345678', '+12345', '+1234567890123456', '+254 71x 345 678', '', '++254712345678']) {
      expect(problems({ ...amina, phone }), phone).toMatch(/^Phone number: /);
    }
  });

  it('validates any well-formed household, with the size the sum of its members (fast-check)', () => {
    const member = fc.record({
      band: fc.constantFrom(...AGE_BANDS),
      sex: fc.constantFrom(...MEMBER_SEXES),
      count: fc.integer({ min: 1, max: 12 }),
    });
    const household = fc.record({
      head: fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => /^\P{C}+$/u.test(s) && s.trim() !== ''), sex: fc.constantFrom('female', 'male', 'other') }),
      shelter: fc.stringMatching(/^[A-Z][0-9]{1,3}\/[0-9]{1,4}$/),
      members: fc.uniqueArray(member, { minLength: 1, maxLength: 8, selector: (m) => `${m.sex}:${m.band}` }),
      vulnerabilities: fc.subarray([...VULNERABILITIES]),
    });
    fc.assert(
      fc.property(household, (pii) => {
        const size = pii.members.reduce((n, m) => n + m.count, 0);
        expect(enrol(pii, size).ok).toBe(true);
        expect(enrol(pii, size + 1).ok).toBe(false);
      }),
    );
  });

  it('never throws on anything, and answers with an invalid-household message (fast-check)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (pii, size) => {
        const r = enrol(pii, size);
        if (!r.ok) {
          expect(r.code).toBe('invalid-household');
          expect(r.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });
});
