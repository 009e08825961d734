/**
 * The poster's chain key: a file holding one secp256k1 private key as 0x and
 * 64 hex digits (what `cast wallet new` prints), readable by its owner only.
 * It pays for and signs the anchoring transactions, so, like the admin token
 * (../service/admin-token.ts), it is never taken from the command line, and a
 * file other users could read is refused rather than used: that key would
 * have to be taken as leaked.
 */
import { readFile, stat } from 'node:fs/promises';
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts';

export class ChainKeyError extends Error {}

export async function readChainKey(path: string): Promise<PrivateKeyAccount> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    throw new ChainKeyError(`cannot read the chain key ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!info.isFile()) throw new ChainKeyError(`the chain key ${path} is not a file`);
  if ((info.mode & 0o077) !== 0) {
    throw new ChainKeyError(`the chain key ${path} is readable by other users (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it, and take the key as leaked if others could read it`);
  }
  if (info.size > 200) throw new ChainKeyError(`the chain key ${path} is not a private key (${info.size} bytes)`);
  const text = (await readFile(path, 'utf8')).trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) throw new ChainKeyError(`the chain key ${path} must hold one private key: 0x and 64 hex digits`);
  try {
    return privateKeyToAccount(text as `0x${string}`);
  } catch {
    // Zero, or not below the curve order: hex, but no key.
    throw new ChainKeyError(`the chain key ${path} is not a valid secp256k1 private key`);
  }
}
