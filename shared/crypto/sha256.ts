import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../bytes';

export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
export const sha256Hex = (data: Uint8Array): string => toHex(nobleSha256(data));
