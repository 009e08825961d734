import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testDevice } from '../distribution/test-events';
import type { DidKey } from '../crypto/did-key';
import type { EventOfType, SignedEvent } from '../events/envelope';
import { authorised, requiredAuthority, standingAt, type Role } from './authority';

const lead = testDevice();
const field = testDevice();
const hq = testDevice();
const roots = new Map<string, Role>([
  [lead.did, 'team-lead'],
  [hq.did, 'hq'],
]);
const cert = (subject: DidKey, role: Role, validFrom = '2026-11-01T00:00:00.000Z', validUntil = '2027-11-01T00:00:00.000Z') =>
  lead.record('device-cert', { subject, site: 'camp-north', role, validFrom, validUntil }).event as EventOfType<'device-cert'>;
const revoke = (subject: DidKey, from: string) => hq.record('device-revoked', { subject, from, reason: 'lost' }).event as EventOfType<'device-revoked'>;

describe('standingAt', () => {
  it('gives roots their role, certified devices their certificate’s, others nothing', () => {
    const known = { certs: [cert(field.did, 'field-officer')], revocations: [] };
    expect(standingAt(lead.did, '2026-11-24T09:00:00.000Z', roots, known)).toEqual({ kind: 'trusted', role: 'team-lead' });
    expect(standingAt(field.did, '2026-11-24T09:00:00.000Z', roots, known)).toEqual({ kind: 'trusted', role: 'field-officer' });
    expect(standingAt(field.did, '2028-01-01T00:00:00.000Z', roots, known)).toEqual({ kind: 'unknown' });
    expect(standingAt(testDevice().did, '2026-11-24T09:00:00.000Z', roots, known)).toEqual({ kind: 'unknown' });
  });

  it('refuses events past a revocation’s last trusted sequence number, however early they claim to be', () => {
    const revocation = hq.record('device-revoked', { subject: field.did, from: '2026-11-24T12:00:00.000Z', reason: 'stolen', lastSeq: 41 }).event as EventOfType<'device-revoked'>;
    const known = { certs: [cert(field.did, 'field-officer')], revocations: [revocation] };
    expect(standingAt(field.did, '2026-11-02T00:00:00.000Z', roots, known, 41)).toEqual({ kind: 'trusted', role: 'field-officer' });
    expect(standingAt(field.did, '2026-11-02T00:00:00.000Z', roots, known, 42)).toEqual({ kind: 'revoked' });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.date({ min: new Date('2026-11-01T00:00:00Z'), max: new Date('2026-11-24T11:59:59Z'), noInvalidDate: true }), (seq, when) => {
        expect(standingAt(field.did, when.toISOString(), roots, known, seq).kind).toBe(seq > 41 ? 'revoked' : 'trusted');
      }),
    );
  });

  it('lets HQ’s revocation of the founding lead laptop beat its place as a root', () => {
    const known = { certs: [], revocations: [revoke(lead.did, '2026-11-24T12:00:00.000Z')] };
    expect(standingAt(lead.did, '2026-11-24T11:00:00.000Z', roots, known)).toEqual({ kind: 'trusted', role: 'team-lead' });
    expect(standingAt(lead.did, '2026-11-24T12:00:00.000Z', roots, known)).toEqual({ kind: 'revoked' });
  });

  it('ends every role of a revoked laptop from the revocation on, not before', () => {
    const known = { certs: [cert(field.did, 'team-lead')], revocations: [revoke(field.did, '2026-11-24T12:00:00.000Z')] };
    expect(standingAt(field.did, '2026-11-24T11:59:59.999Z', roots, known)).toEqual({ kind: 'trusted', role: 'team-lead' });
    expect(standingAt(field.did, '2026-11-24T12:00:00.000Z', roots, known)).toEqual({ kind: 'revoked' });
  });
});

describe('authority', () => {
  const f = testDevice();
  const voidEvent = f.record('void', { target: 'a'.repeat(64), reason: 'double-handout', approval: { by: 'op-x-1' } }).event;
  const own = (id: string, role: 'field-officer' | 'team-lead'): SignedEvent =>
    f.record('operator', { id, role, active: true, profile: { alg: 'A256GCM', kid: 'sk-0011223344556677', iv: 'AAAAAAAAAAAAAAAA', ct: 'A'.repeat(40) } }).event;

  it('lets a field laptop record its own work but not a lead’s decisions', () => {
    expect(authorised(voidEvent, 'field-officer', false)).toBe(false);
    expect(authorised(voidEvent, 'team-lead', false)).toBe(true);
    expect(requiredAuthority(f.record('stock', { direction: 'received', items: [{ code: 'maize', qty: 1, unit: 'kg' }] }).event)).toBe('any');
  });

  it('lets a laptop list its own field officers, and only a lead list leads or others’ operators', () => {
    const tag = f.did.slice(-6);
    expect(authorised(own(`op-${tag}-2`, 'field-officer'), 'field-officer', false)).toBe(true);
    expect(authorised(own(`op-${tag}-2`, 'team-lead'), 'field-officer', false)).toBe(false);
    expect(authorised(own('op-zzzzzz-2', 'field-officer'), 'field-officer', false)).toBe(false);
    expect(authorised(own('op-zzzzzz-2', 'field-officer'), 'team-lead', false)).toBe(true);
  });

  it('keeps revocations and plans to roots, whatever a certificate says', () => {
    fc.assert(
      fc.property(fc.constantFrom<Role>('field-officer', 'team-lead', 'hq'), (role) => {
        expect(authorised(revoke(field.did, '2026-11-24T12:00:00.000Z'), role, false)).toBe(false);
        expect(authorised(revoke(field.did, '2026-11-24T12:00:00.000Z'), role, true)).toBe(true);
      }),
    );
  });

  it('keeps contributions and allocations to HQ itself: not a field laptop, not a lead, not the founding lead root', () => {
    const contribution = hq.record('contribution', {
      donor: { org: 'XM-DAC-41114', name: 'ECHO' },
      amount: 1000,
      currency: 'EUR',
      date: '2026-11-01',
      rounds: ['R1'],
      earmarks: [],
    }).event;
    const allocation = hq.record('allocation', { contribution: 'a'.repeat(64), site: 'camp-north', round: 'R1', amount: 10, currency: 'EUR' }).event;
    for (const event of [contribution, allocation]) {
      expect(requiredAuthority(event)).toBe('hq');
      expect(authorised(event, 'hq', true)).toBe(true);
      expect(authorised(event, 'team-lead', true)).toBe(false);
      fc.assert(
        fc.property(fc.constantFrom<Role>('field-officer', 'team-lead', 'hq'), (role) => {
          expect(authorised(event, role, false)).toBe(false);
        }),
      );
    }
  });
});
