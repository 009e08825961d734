import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChainKey } from './chain-key';
import { ANVIL_KEYS } from './testing/anvil';

const dir = mkdtempSync(join(tmpdir(), 'aidtrail-chain-key-'));
function keyFile(name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode });
  chmodSync(path, mode); // past the umask
  return path;
}

describe('the chain key file', () => {
  it('reads a private key readable by its owner only', async () => {
    const account = await readChainKey(keyFile('ok', `${ANVIL_KEYS[0]}\n`));
    expect(account.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect((await readChainKey(keyFile('ro', ANVIL_KEYS[1], 0o400))).address).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it('refuses a key others could read, with what to do', async () => {
    await expect(readChainKey(keyFile('group', ANVIL_KEYS[0], 0o640))).rejects.toThrow(/readable by other users \(mode 640\); chmod 600/);
    await expect(readChainKey(keyFile('world', ANVIL_KEYS[0], 0o604))).rejects.toThrow(/readable by other users/);
  });

  it('refuses what is not one private key', async () => {
    await expect(readChainKey(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
    await expect(readChainKey(dir)).rejects.toThrow(/not a file/);
    await expect(readChainKey(keyFile('short', '0x1234'))).rejects.toThrow(/0x and 64 hex digits/);
    await expect(readChainKey(keyFile('two', `${ANVIL_KEYS[0]}\n${ANVIL_KEYS[1]}\n`))).rejects.toThrow(/0x and 64 hex digits/);
    await expect(readChainKey(keyFile('mnemonic', 'test test test test test test test test test test test junk'))).rejects.toThrow(/0x and 64 hex digits/);
    await expect(readChainKey(keyFile('zero', `0x${'0'.repeat(64)}`))).rejects.toThrow(/not a valid secp256k1/);
    await expect(readChainKey(keyFile('order', `0x${'f'.repeat(64)}`))).rejects.toThrow(/not a valid secp256k1/);
  });
});
