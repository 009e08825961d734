import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedAnswer, checkedAnswerText } from './checked-answer';

const schema = z.object({ size: z.number().int().min(0), hashes: z.array(z.string()) });

describe('checkedAnswer', () => {
  it('answers a body that fits as the schema parsed it', () => {
    expect(checkedAnswer(schema, { size: 2, hashes: ['a'], extra: 1 }, 'the answer')).toEqual({ ok: true, value: { size: 2, hashes: ['a'] } });
    expect(checkedAnswerText(schema, '{"size":0,"hashes":[]}', 'GET /')).toEqual({ ok: true, value: { size: 0, hashes: [] } });
  });

  it('names what was asked and the first field that does not fit', () => {
    expect(checkedAnswer(schema, { size: -1, hashes: [7] }, "the ledger's answer to /x")).toEqual({
      ok: false,
      code: 'bad-answer',
      message: "the ledger's answer to /x is malformed: size: Too small: expected number to be >=0",
    });
    expect(checkedAnswer(schema, null, 'the receipt')).toEqual({ ok: false, code: 'bad-answer', message: 'the receipt is malformed: Invalid input: expected object, received null' });
  });

  it('says a text that is not JSON is not JSON, before any schema', () => {
    for (const text of ['', '{', 'undefined', '{"size":1,}']) {
      expect(checkedAnswerText(schema, text, 'GET /')).toEqual({ ok: false, code: 'bad-answer', message: 'GET / is not JSON' });
    }
  });
});
