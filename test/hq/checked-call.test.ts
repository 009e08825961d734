/** HQ's apps read a ledger's answer only through its shared schema: nonsense is a `bad-answer` naming what is wrong, never a crash. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callChecked } from '../../hq/common/http';
import { sitesAnswerSchema } from '../../shared/ledger/admin-answers';

const answering = (body: unknown, status = 200) =>
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a checked call', () => {
  it('gives the answer when it fits, without what the schema does not list', async () => {
    answering({ sites: [{ site: 'camp-a', devices: 1, batches: 2, events: 3, extra: true }] });
    expect(await callChecked('/admin/sites', sitesAnswerSchema)).toEqual({ ok: true, value: { sites: [{ site: 'camp-a', devices: 1, batches: 2, events: 3 }] } });
  });

  it('says which field of a malformed answer is wrong', async () => {
    answering({ sites: [{ site: 'camp-a', devices: 'one', batches: 2, events: 3 }] });
    expect(await callChecked('/admin/sites', sitesAnswerSchema)).toEqual({
      ok: false,
      code: 'bad-answer',
      message: "the ledger's answer is malformed: sites.0.devices: Invalid input: expected number, received string",
    });
  });

  it('names no field when the answer as a whole is wrong, and only the first of several faults', async () => {
    const malformed = (message: string) => ({ ok: false, code: 'bad-answer', message: `the ledger's answer is malformed: ${message}` });
    for (const [body, message] of [
      [null, 'Invalid input: expected object, received null'],
      [[], 'Invalid input: expected object, received array'],
      ['sites', 'Invalid input: expected object, received string'],
      [{}, 'sites: Invalid input: expected array, received undefined'],
      [{ sites: [{ site: 7, devices: 'one' }] }, 'sites.0.site: Invalid input: expected string, received number'],
    ] as const) {
      answering(body);
      expect(await callChecked('/admin/sites', sitesAnswerSchema), JSON.stringify(body)).toEqual(malformed(message));
    }
  });

  it('passes a refusal on as the ledger gave it', async () => {
    answering({ error: 'unauthorized', message: 'the admin API needs Authorization: Bearer <admin token>' }, 401);
    expect(await callChecked('/admin/sites', sitesAnswerSchema)).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});
