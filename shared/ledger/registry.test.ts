import { describe, expect, it } from 'vitest';
import { nobleVerifier } from '../crypto/verifier';
import type { SignedEvent } from '../events/envelope';
import { eventId } from '../events/sign';
import { verifyEvent, type VerifiedEvent } from '../events/verify';
import { buildRegistry, checkClaimedStanding, checkStanding, standingAt, verifyTrustFeed } from './registry';
import { certBody, enrolmentBody, testDevice } from './test-support';

const hq = testDevice({ at: '2026-01-01T00:00:00.000Z' });
const field = testDevice();
const lead = testDevice();
const stranger = testDevice();

const verified = (e: SignedEvent): VerifiedEvent => {
  const r = verifyEvent(e);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

const feed = [
  hq.record('device-cert', certBody(field.did, 'camp-a')),
  hq.record('device-cert', certBody(lead.did, 'camp-b', 'team-lead')),
  hq.record('device-cert', { ...certBody(lead.did, 'camp-a', 'team-lead'), validFrom: '2026-06-01T00:00:00.000Z' }),
  hq.record('device-revoked', { subject: field.did, from: '2026-11-24T12:00:00.000Z', reason: 'lost' }),
  hq.record('device-revoked', { subject: field.did, from: '2026-11-20T00:00:00.000Z', reason: 'stolen' }),
  hq.record('plan', { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: [{ minSize: 1, maxSize: 100, items: [{ code: 'maize', qty: 25, unit: 'kg' }] }] }, { round: 'R2026-11' }),
];
const { registry } = buildRegistry(hq.did, feed.map(verified));
const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : r.code);

describe('standingAt', () => {
  it('trusts a certified device inside its validity, before any revocation', () => {
    expect(code(standingAt(registry, field.did, '2026-03-01T00:00:00.000Z'))).toBe('ok');
    expect(code(standingAt(registry, field.did, '2026-01-01T00:00:00.000Z'))).toBe('ok');
  });

  it('does not trust a device for events at or after the earliest revocation', () => {
    expect(code(standingAt(registry, field.did, '2026-11-19T23:59:59.999Z'))).toBe('ok');
    expect(code(standingAt(registry, field.did, '2026-11-20T00:00:00.000Z'))).toBe('revoked');
    expect(code(standingAt(registry, field.did, '2026-11-22T00:00:00.000Z'))).toBe('revoked');
  });

  it('knows unknown devices, expired and not-yet-valid certificates', () => {
    expect(code(standingAt(registry, stranger.did, '2026-03-01T00:00:00.000Z'))).toBe('not-certified');
    expect(code(standingAt(registry, lead.did, '2027-01-01T00:00:00.000Z'))).toBe('expired');
    expect(code(standingAt(registry, lead.did, '2025-12-31T00:00:00.000Z'))).toBe('not-yet-valid');
  });

  it('checks the site against the certificates valid at the time', () => {
    expect(code(standingAt(registry, lead.did, '2026-03-01T00:00:00.000Z', 'camp-b'))).toBe('ok');
    expect(code(standingAt(registry, lead.did, '2026-03-01T00:00:00.000Z', 'camp-a'))).toBe('wrong-site');
    expect(code(standingAt(registry, lead.did, '2026-07-01T00:00:00.000Z', 'camp-a'))).toBe('ok');
  });

  it("keeps a v2 certificate's card issuer", () => {
    const hq2 = testDevice({ at: '2026-01-01T00:00:00.000Z' });
    const issuer = testDevice().did;
    const cert = hq2.record('device-cert', { ...certBody(field.did), issuer }, { v: 2 });
    expect(buildRegistry(hq2.did, [verified(cert)]).registry.certificates.get(field.did)).toEqual([{ id: eventId(cert), ...certBody(field.did), issuer }]);
    expect(buildRegistry(hq.did, feed.map(verified)).registry.certificates.get(field.did)![0]).not.toHaveProperty('issuer');
  });

  it('keeps plans, and ignores trust events signed by any other key', () => {
    expect(registry.plans).toHaveLength(1);
    const forged = stranger.record('device-cert', certBody(stranger.did));
    const built = buildRegistry(hq.did, [...feed.map(verified), verified(forged)]);
    expect(built.ignored).toEqual([eventId(forged)]);
    expect(code(standingAt(built.registry, stranger.did, '2026-03-01T00:00:00.000Z'))).toBe('not-certified');
  });
});

describe('checkStanding', () => {
  it('lists each untrusted event of a batch and names the batch problem', () => {
    const d = testDevice({ seed: field.seed });
    const events = [
      d.record('enrolment', enrolmentBody('HH-0001', 'camp-a'), { at: '2026-11-01T00:00:00.000Z' }),
      d.record('enrolment', enrolmentBody('HH-0002', 'camp-b'), { at: '2026-11-02T00:00:00.000Z' }),
      ...d.handouts(1, { at: '2026-11-21T00:00:00.000Z' }),
    ].map(verified);
    expect(checkStanding(registry, events.slice(0, 1))).toBeUndefined();
    expect(checkStanding(registry, events)).toMatchObject({
      code: 'device-revoked',
      errors: [
        { index: 1, code: 'wrong-site' },
        { index: 2, code: 'revoked' },
      ],
    });
    expect(checkStanding(registry, events.slice(0, 2))).toMatchObject({ code: 'device-not-certified' });
  });

  it("anchors a team-lead device's admissions of its team's devices without trusting them", () => {
    const leadDevice = testDevice({ seed: lead.seed, at: '2026-03-01T00:00:00.000Z' });
    const cert = verified(leadDevice.record('device-cert', certBody(stranger.did, 'camp-b')));
    expect(checkStanding(registry, [cert])).toBeUndefined();
    expect(buildRegistry(hq.did, [cert]).registry.certificates.has(stranger.did)).toBe(false);
  });

  it('refuses an admission signed without a certificate of its signer for that, not for its type', () => {
    const unregistered = testDevice({ at: '2026-03-01T00:00:00.000Z' });
    const admission = verified(unregistered.record('device-cert', certBody(stranger.did, 'camp-a')));
    expect(checkStanding(registry, [admission])).toMatchObject({ code: 'device-not-certified', errors: [{ code: 'not-certified' }] });
    const early = verified(testDevice({ seed: lead.seed }).record('device-cert', certBody(stranger.did, 'camp-b'), { at: '2025-12-31T00:00:00.000Z' }));
    expect(checkStanding(registry, [early])).toMatchObject({ code: 'device-not-certified', errors: [{ code: 'not-yet-valid' }] });
    const afterRevocation = verified(testDevice({ seed: field.seed }).record('device-cert', certBody(stranger.did), { at: '2026-11-21T00:00:00.000Z' }));
    expect(checkStanding(registry, [afterRevocation])).toMatchObject({ code: 'device-revoked', errors: [{ code: 'revoked' }] });
    // Plans and revocations are HQ's alone, certified signer or not.
    const plan = verified(unregistered.record('plan', { site: 'camp-a', from: '2026-11-01', to: '2026-11-30', rules: [{ minSize: 1, maxSize: 9, items: [] }] }));
    expect(checkStanding(registry, [plan])).toMatchObject({ code: 'forbidden-event' });
  });

  it('refuses HQ-only event types from devices that are not team leads, and plans and revocations from any', () => {
    const d = testDevice({ seed: field.seed, at: '2026-03-01T00:00:00.000Z' });
    const cert = verified(d.record('device-cert', certBody(stranger.did, 'camp-a')));
    expect(checkStanding(registry, [cert])).toMatchObject({ code: 'forbidden-event', errors: [{ code: 'forbidden-type' }] });
    const leadDevice = testDevice({ seed: lead.seed, at: '2026-03-01T00:00:00.000Z' });
    const revocation = verified(leadDevice.record('device-revoked', { subject: stranger.did, from: '2026-03-01T00:00:00.000Z', reason: 'lost' }));
    expect(checkStanding(registry, [revocation])).toMatchObject({ code: 'forbidden-event' });
  });
});

describe('verifyTrustFeed', () => {
  it('accepts HQ chain from the start or from a known event, and stops at the first break', async () => {
    const all = await verifyTrustFeed(hq.did, feed, nobleVerifier);
    expect(all.events).toHaveLength(feed.length);
    expect(all.rejected).toEqual([]);
    const tail = await verifyTrustFeed(hq.did, feed.slice(3), nobleVerifier, { id: eventId(feed[2]!), seq: 3 });
    expect(tail.events).toHaveLength(3);
    const broken = await verifyTrustFeed(hq.did, [feed[0], feed[2], feed[3]], nobleVerifier);
    expect(broken.events).toHaveLength(1);
    expect(broken.rejected).toMatchObject([{ index: 1, code: 'bad-seq' }]);
    const foreign = await verifyTrustFeed(hq.did, [stranger.record('device-cert', certBody(stranger.did))], nobleVerifier);
    expect(foreign.rejected).toMatchObject([{ index: 0, code: 'wrong-device' }]);
  });
});

describe('checkClaimedStanding', () => {
  const at = (...times: string[]) => times.map((t, index) => ({ index, seq: index + 1, at: t }));

  it('refuses what checkStanding would refuse whatever the signatures, naming each claimed time without standing', () => {
    expect(checkClaimedStanding(registry, field.did, at('2026-03-01T00:00:00.000Z', '2026-11-19T00:00:00.000Z'))).toBeUndefined();
    expect(checkClaimedStanding(registry, stranger.did, at('2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z'))).toMatchObject({
      code: 'device-not-certified',
      errors: [{ index: 0, seq: 1, code: 'not-certified' }, { index: 1, seq: 2, code: 'not-certified' }],
    });
    // One time past the revocation makes the whole batch a revoked device's, as checkStanding says.
    expect(checkClaimedStanding(registry, field.did, at('2026-03-01T00:00:00.000Z', '2026-11-21T00:00:00.000Z'))).toMatchObject({
      code: 'device-revoked',
      errors: [{ index: 1, code: 'revoked' }],
    });
    expect(checkClaimedStanding(registry, lead.did, at('2025-12-31T00:00:00.000Z'))).toMatchObject({ code: 'device-not-certified', errors: [{ code: 'not-yet-valid' }] });
  });

  it('leaves a batch with no readable time to the full verification', () => {
    expect(checkClaimedStanding(registry, stranger.did, [])).toBeUndefined();
  });
});

