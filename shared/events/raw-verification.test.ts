import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical';
import { nobleVerifier } from '../crypto/verifier';
import { testDevice } from '../ledger/test-support';
import { MAX_EVENT_BYTES } from './envelope';
import { rawEventVerifier } from './raw-verification';
import { eventId } from './sign';
import { placeVerified, verifyEventWith, type ChainLink, type VerifyEventOptions } from './verify';

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

describe('placeVerified', () => {
  const device = testDevice();
  const chain = device.handouts(6);
  const links = chain.map((e) => ({ id: eventId(e), seq: e.seq }));

  it('gives what verifyEventWith gives with the same device and link, for any event and any claimed link', async () => {
    const other = testDevice();
    const previousChoices: readonly (ChainLink | null | 'none')[] = ['none', null, ...links, { id: 'f'.repeat(64), seq: 3 }];
    await fc.assert(
      fc.asyncProperty(fc.nat(chain.length - 1), fc.nat(previousChoices.length - 1), fc.boolean(), async (i, p, mine) => {
        const previous = previousChoices[p]!;
        const options: VerifyEventOptions = { device: mine ? device.did : other.did, ...(previous !== 'none' && { previous }) };
        const [raw] = await verify([canonicalize(chain[i]!)]);
        if (raw === undefined || !raw.ok) throw new Error('a valid event was refused');
        const placed = placeVerified(raw.value, options);
        const direct = await verifyEventWith(nobleVerifier, chain[i], options);
        expect(placed.ok ? placed.value.id : placed.code).toBe(direct.ok ? direct.value.id : direct.code);
      }),
      { numRuns: 60 },
    );
  });
});
