import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main';
import { memoryIo, type MemoryIo } from '../memory-io';

const VC = join(import.meta.dirname, '..', '..', '..', 'test', 'vectors', 'vc-di-eddsa', 'TestVectors');
const vector = (name: string) => readFileSync(join(VC, name), 'utf8');
const keyPair = JSON.parse(vector('keyPair.json')) as { publicKeyMultibase: string };
const vectorDid = `did:key:${keyPair.publicKeyMultibase}`;

async function run(io: MemoryIo, args: string[]) {
  io.out = '';
  io.err = '';
  const code = await main(args, io);
  return { code, out: io.out, err: io.err };
}

describe('aidtrail issue-credential and verify-credential', () => {
  it('reproduces the W3C eddsa-jcs-2022 signed credential from its key pair', async () => {
    const io = memoryIo({ 'key.json': vector('keyPair.json'), 'unsigned.json': vector('unsigned.json') });
    const created = (JSON.parse(vector('eddsa-jcs-2022/signedJCS.json')) as { proof: { created: string } }).proof.created;
    const r = await run(io, ['issue-credential', '--key', 'key.json', '--credential', 'unsigned.json', '--created', created]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(vector('eddsa-jcs-2022/signedJCS.json')));
  });

  it('verifies the W3C vector given the key its URL issuer signs with', async () => {
    const io = memoryIo({ 'signed.json': vector('eddsa-jcs-2022/signedJCS.json') });
    const r = await run(io, ['verify-credential', 'signed.json', '--trust', vectorDid, '--issuer-key', `https://vc.example/issuers/5678=${vectorDid}`]);
    expect(r).toMatchObject({ code: 0 });
    const bare = await run(io, ['verify-credential', 'signed.json', '--trust', vectorDid]);
    expect(bare.code).toBe(1);
    expect(bare.out).toMatch(/issuer-mismatch/);
  });

  it('issues a credential from a hand-written subject that verifies against its site key, and only that', async () => {
    const io = memoryIo({ 'subject.json': '{ "id": "urn:aidtrail:household:HH-000123-7", "householdSize": 5 }' });
    await run(io, ['keygen', '--out', 'site.json']);
    const site = io.out.trim();
    await run(io, ['keygen', '--out', 'other.json']);
    const other = io.out.trim();
    const issued = await run(io, ['issue-credential', '--key', 'site.json', '--subject', 'subject.json', '--type', 'RationCard', '--valid-until', '2027-11-24T00:00:00Z']);
    expect(issued.code).toBe(0);
    io.files.set('card.json', issued.out);
    expect((await run(io, ['verify-credential', 'card.json', '--trust', site])).code).toBe(0);
    const json = await run(io, ['verify-credential', 'card.json', '--trust', other, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, code: 'unknown-issuer' });
    const late = await run(io, ['verify-credential', 'card.json', '--trust', site, '--now', '2028-01-01T00:00:00Z']);
    expect(late.out).toMatch(/^invalid \(expired\)/);
    io.files.set('tampered.json', issued.out.replace('"householdSize": 5', '"householdSize": 9'));
    expect((await run(io, ['verify-credential', 'tampered.json', '--trust', site])).out).toMatch(/^invalid \(tampered\)/);
  });

  it('answers bad input in one line: exit 1 for the document, 2 for the command line', async () => {
    const io = memoryIo({ 'bad.json': '{"@context": ', 'big.json': `"${'x'.repeat(1_000_000)}"`, 'arr.json': '[]', 'key.json': '{"privateKeyMultibase":"z123"}', 's.json': '{}' });
    for (const file of ['bad.json', 'big.json', 'arr.json']) {
      const r = await run(io, ['verify-credential', file, '--trust', vectorDid]);
      expect(r.code, file).toBe(1);
      expect((r.out + r.err).trim().split('\n'), file).toHaveLength(1);
    }
    expect((await run(io, ['verify-credential', 'bad.json'])).code).toBe(2);
    expect((await run(io, ['verify-credential', 'bad.json', '--trust', 'did:key:nope'])).code).toBe(2);
    expect((await run(io, ['verify-credential', 'bad.json', '--trust', vectorDid, '--now', 'tomorrow'])).code).toBe(2);
    const badKey = await run(io, ['issue-credential', '--key', 'key.json', '--subject', 's.json']);
    expect(badKey.code).toBe(1);
    expect(badKey.err).toMatch(/privateKeyMultibase/);
    expect((await run(io, ['issue-credential', '--key', 'key.json'])).code).toBe(2);
  });
});
