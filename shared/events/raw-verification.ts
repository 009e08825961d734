/**
 * The part of an ingest that needs nothing from the log (DESIGN.md principle
 * 4, verify at every boundary): each raw text parsed, checked against the
 * event schema and its signature. Pure apart from the signature check, so it
 * runs on the page or in a worker (renderer/src/host/verify-worker.ts) with the same verdicts.
 */
import type { SignatureVerifier } from '../crypto/verifier';
import { MAX_EVENT_BYTES } from './envelope';
import { verifyEventWith, type EventErrorCode, type VerifiedEvent } from './verify';

/** What the stage says of one text: the verified event, or why not and which device it claims. */
export type RawVerdict =
  | { readonly ok: true; readonly value: VerifiedEvent }
  | { readonly ok: false; readonly code: EventErrorCode | 'not-json'; readonly message: string; readonly device: string };

/** Verifies a batch of raw texts, in order: one verdict per text. */
export type RawEventVerifier = (raws: readonly string[]) => Promise<RawVerdict[]>;

/** Signatures checked at once: WebCrypto answers each asynchronously, so awaiting them one by one waits once per event. */
const VERIFY_AT_ONCE = 250;

const claimedDevice = (input: unknown): string => {
  const device = (input as { device?: unknown } | null)?.device;
  return typeof device === 'string' ? device.slice(0, 80) : '';
};

async function verifyOne(verifier: SignatureVerifier, raw: string): Promise<RawVerdict> {
  if (raw.length > 2 * MAX_EVENT_BYTES) return { ok: false, code: 'oversized', message: `${raw.length} characters, more than an event may have`, device: '' };
  let input: unknown;
  try {
    input = JSON.parse(raw) as unknown;
  } catch {
    return { ok: false, code: 'not-json', message: 'not JSON', device: '' };
  }
  const verdict = await verifyEventWith(verifier, input);
  return verdict.ok ? verdict : { ok: false, code: verdict.code, message: verdict.message, device: claimedDevice(input) };
}

/** The stage on this thread, with `verifier` for signatures. */
export function rawEventVerifier(verifier: SignatureVerifier): RawEventVerifier {
  return async (raws) => {
    const verdicts: RawVerdict[] = [];
    for (let start = 0; start < raws.length; start += VERIFY_AT_ONCE) {
      verdicts.push(...(await Promise.all(raws.slice(start, start + VERIFY_AT_ONCE).map((raw) => verifyOne(verifier, raw)))));
    }
    return verdicts;
  };
}
