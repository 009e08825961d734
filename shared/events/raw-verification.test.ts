import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical';
import { nobleVerifier } from '../crypto/verifier';
import { testDevice } from '../ledger/test-support';
import { MAX_EVENT_BYTES } from './envelope';
import { rawEventVerifier } from './raw-verification';
import { eventId } from './sign';

const verify = rawEventVerifier(nobleVerifier);

describe('rawEventVerifier', () => {
  it('answers one verdict per text, in the order given, across its concurrency chunks', async () => {
    const events = testDevice().handouts(260);
    const raws = events.map((e) => canonicalize(e));
    const verdicts = await verify(raws);
    expect(verdicts.map((v) => (v.ok ? v.value.id : v.code))).toEqual(events.map(eventId));
  });

  it('says why a text is refused, and which device a parsed one claims', async () => {
    const device = testDevice();
    const [good] = device.handouts(1);
    const forged = canonicalize({ ...good!, body: { ...good!.body, collector: 'proxy' } });
    const verdicts = await verify(['{not json', 'x'.repeat(2 * MAX_EVENT_BYTES + 1), forged, canonicalize({ v: 1, type: 'handout' }), 'null']);
    expect(verdicts.map((v) => (v.ok ? 'ok' : `${v.code} ${v.device}`))).toEqual([
      'not-json ',
      'oversized ',
      `bad-signature ${device.did}`,
      'malformed ',
      'malformed ',
    ]);
  });

  it('answers an empty batch with no verdicts', async () => {
    expect(await verify([])).toEqual([]);
  });
});
