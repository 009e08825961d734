import { describe, expect, it } from 'vitest';
import { didToPublicKey } from '../../../shared/crypto/did-key';
import { main } from '../main';
import { memoryIo } from '../memory-io';
import { readKeyFile } from '../key-file';

describe('aidtrail keygen', () => {
  it('writes a key file whose did it prints, and which the signing commands read back', async () => {
    const io = memoryIo();
    expect(await main(['keygen', '--out', 'k.json'], io)).toBe(0);
    const did = io.out.trim();
    expect(didToPublicKey(did).ok).toBe(true);
    const key = await readKeyFile(io, 'k.json');
    expect(key.did).toBe(did);
  });

  it('refuses to overwrite an existing key', async () => {
    const io = memoryIo({ 'k.json': 'precious' });
    expect(await main(['keygen', '--out', 'k.json'], io)).toBe(2);
    expect(io.files.get('k.json')).toBe('precious');
    expect(io.err).toMatch(/already exists/);
  });

  it('requires --out', async () => {
    const io = memoryIo();
    expect(await main(['keygen'], io)).toBe(2);
    expect(io.err).toMatch(/missing --out/);
  });
});
