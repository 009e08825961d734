/** The admin answers' schemas: a well-formed answer parses; nonsense is refused, naming what is wrong. */
import { describe, expect, it } from 'vitest';
import {
  batchesAnswerSchema,
  devicesAnswerSchema,
  issuedSchema,
  rejectionsAnswerSchema,
  roundsAnswerSchema,
  sitesAnswerSchema,
  treeCheckSchema,
} from './admin-answers';
import { MAX_PAGE } from './page';
import { firstRefusal } from './test-support';

const ID = 'ab'.repeat(32);
const DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
const AT = '2026-11-25T10:00:00.000Z';

const device = {
  device: DID,
  certificates: [{ id: ID, subject: DID, site: 'camp-a', role: 'team-lead', validFrom: AT, validUntil: '2027-11-25T10:00:00.000Z' }],
  revoked: { id: ID, subject: DID, from: AT, reason: 'lost' },
  site: 'camp-a',
  batches: 2,
  events: 4,
  head: { seq: 4, id: ID },
  lastBatchAt: AT,
  firstRefusedEventAt: AT,
};
const refused = { device: DID, firstEventAt: AT, lastRefusedAt: AT, refusals: 1 };
const batch = { id: ID, header: { v: 1, device: DID, firstSeq: 1, lastSeq: 3, count: 3, root: ID }, sig: 'c2ln', firstLeaf: 0, treeSize: 3, site: 'camp-a', receivedAt: AT };
const rejection = { at: AT, device: DID, batch: null, code: 'device-not-certified', message: 'no certificate', events: [{ index: 0, code: 'not-certified', message: 'x' }], firstAt: AT, n: 7 };

describe('admin answers', () => {
  it('parse what the ledger answers, dropping what the console does not read', () => {
    const devices = devicesAnswerSchema.parse({ devices: [device, { ...device, revoked: null, head: null, site: null, lastBatchAt: null, firstRefusedEventAt: undefined }], unregistered: [refused] });
    expect(devices.devices[0]).toEqual({ ...device, certificates: [{ id: ID, site: 'camp-a', role: 'team-lead', validFrom: AT, validUntil: '2027-11-25T10:00:00.000Z' }], revoked: { from: AT, reason: 'lost' } });
    expect(devices.unregistered).toEqual([refused]);
    expect(sitesAnswerSchema.parse({ sites: [{ site: 'camp-a', devices: 2, batches: 3, events: 7 }] }).sites).toHaveLength(1);
    expect(roundsAnswerSchema.parse({ rounds: [{ round: null, events: 2, bySite: { '-': 2 }, byType: { plan: 2 } }] }).rounds[0]!.bySite).toEqual({ '-': 2 });
    expect(batchesAnswerSchema.parse({ batches: [batch] }).batches[0]).toEqual({ id: ID, header: { device: DID, firstSeq: 1, lastSeq: 3, count: 3 }, treeSize: 3, site: 'camp-a', receivedAt: AT });
    expect(rejectionsAnswerSchema.parse({ rejections: [rejection] }).rejections[0]).toEqual({ at: AT, device: DID, batch: null, code: 'device-not-certified', message: 'no certificate' });
    expect(issuedSchema.parse({ id: ID, event: {}, receipt: {} })).toEqual({ id: ID });
    expect(treeCheckSchema.parse({ ok: true, value: { size: 3, root: ID } })).toEqual({ ok: true, value: { size: 3, root: ID } });
    expect(treeCheckSchema.parse({ ok: false, code: 'corrupt', message: 'the stored nodes give another root' }).ok).toBe(false);
  });

  it('refuse wrong types, naming the field', () => {
    expect(firstRefusal(devicesAnswerSchema, { devices: [{ ...device, batches: '2' }], unregistered: [] })).toBe('devices.0.batches: Invalid input: expected number, received string');
    expect(firstRefusal(devicesAnswerSchema, { devices: [{ ...device, certificates: [{ ...device.certificates[0], role: 'admin' }] }], unregistered: [] })).toMatch(/^devices\.0\.certificates\.0\.role: Invalid option/);
    expect(firstRefusal(devicesAnswerSchema, { devices: [{ ...device, head: { seq: -1, id: ID } }], unregistered: [] })).toMatch(/^devices\.0\.head\.seq: Too small/);
    expect(firstRefusal(roundsAnswerSchema, { rounds: [{ round: 'R1', events: 1, bySite: { a: 'one' }, byType: {} }] })).toBe('rounds.0.bySite.a: Invalid input: expected number, received string');
    expect(firstRefusal(batchesAnswerSchema, { batches: [{ ...batch, id: 'not-an-id' }] })).toBe('batches.0.id: must be 64 lowercase hex characters');
    expect(firstRefusal(issuedSchema, { id: 42 })).toBe('id: Invalid input: expected string, received number');
    expect(firstRefusal(treeCheckSchema, { ok: 'yes' })).toBe("ok: Invalid discriminator value. Expected 'true' | 'false'");
    expect(firstRefusal(sitesAnswerSchema, [])).toBe(': Invalid input: expected object, received array');
  });

  it('refuse missing fields', () => {
    const { lastBatchAt: _, ...noTime } = device;
    expect(firstRefusal(devicesAnswerSchema, { devices: [noTime], unregistered: [] })).toBe('devices.0.lastBatchAt: Invalid input: expected string, received undefined');
    expect(firstRefusal(devicesAnswerSchema, { devices: [] })).toBe('unregistered: Invalid input: expected array, received undefined');
    expect(firstRefusal(rejectionsAnswerSchema, { rejections: [{ ...rejection, code: undefined }] })).toBe('rejections.0.code: Invalid input: expected string, received undefined');
  });

  it('refuse a page longer than the ledger answers, and strings longer than it keeps', () => {
    expect(batchesAnswerSchema.safeParse({ batches: Array(MAX_PAGE).fill(batch) }).success).toBe(true);
    expect(firstRefusal(batchesAnswerSchema, { batches: Array(MAX_PAGE + 1).fill(batch) })).toBe(`batches: Too big: expected array to have <=${MAX_PAGE} items`);
    expect(firstRefusal(rejectionsAnswerSchema, { rejections: Array(MAX_PAGE + 1).fill(rejection) })).toBe(`rejections: Too big: expected array to have <=${MAX_PAGE} items`);
    expect(firstRefusal(devicesAnswerSchema, { devices: [], unregistered: Array(MAX_PAGE + 1).fill(refused) })).toBe(`unregistered: Too big: expected array to have <=${MAX_PAGE} items`);
    expect(firstRefusal(rejectionsAnswerSchema, { rejections: [{ ...rejection, message: 'x'.repeat(2001) }] })).toBe('rejections.0.message: Too big: expected string to have <=2000 characters');
    expect(firstRefusal(sitesAnswerSchema, { sites: [{ site: 's'.repeat(65), devices: 0, batches: 0, events: 0 }] })).toBe('sites.0.site: Too big: expected string to have <=64 characters');
  });
});
