/**
 * The witness step of "verify" (issue 17): the checkpoint the page verified
 * must carry valid C2SP cosignature/v1 lines of at least `quorum` of the
 * witnesses pinned in the address (./pins.ts). Pure: the note and the clock
 * come in. Which witnesses cosigned, and when, is kept on failure too, so
 * the page can say "only 1 of the 2 witnesses required cosigned".
 */
import { verifyCosignatures, type VerifiedCosignature } from '../../../shared/tlog';
import type { WitnessPins } from './pins';

export type WitnessErrorCode = 'quorum-not-met' | 'bad-cosignature' | 'bad-note';

export interface WitnessOutcome {
  /** The pinned witnesses whose cosignature on this checkpoint verified, each once. */
  readonly cosigned: readonly VerifiedCosignature[];
  readonly error?: { readonly code: WitnessErrorCode; readonly message: string };
}

/** POSIX seconds as an ISO date and time, UTC. */
export const cosignedAt = (timestamp: number): string => new Date(timestamp * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** "w1 (2026-01-02T03:04:05Z), w2 (…)", or "" for none. */
export const cosignersText = (cosigned: readonly VerifiedCosignature[]): string =>
  cosigned.map((c) => `${c.name} (${cosignedAt(c.timestamp)})`).join(', ');

/** `note` as GET /checkpoint served it (its log signature already verified), checked against the pins at `nowSeconds`. */
export function checkWitnesses(note: string, pins: WitnessPins, nowSeconds: number): WitnessOutcome {
  // Quorum 0 first: the cosignatures that verify, whether or not they are enough.
  const all = verifyCosignatures(note, pins.witnesses, { quorum: 0, now: nowSeconds });
  if (!all.ok) return { cosigned: [], error: { code: all.code === 'bad-note' ? 'bad-note' : 'bad-cosignature', message: all.message } };
  const cosigned = all.value;
  if (cosigned.length < pins.quorum) {
    const missing = pins.witnesses.filter((w) => !cosigned.some((c) => c.name === w.name)).map((w) => w.name);
    return {
      cosigned,
      error: {
        code: 'quorum-not-met',
        message: `only ${cosigned.length} of the ${pins.quorum} witnesses required cosigned this checkpoint (no valid cosignature of ${missing.join(', ')})`,
      },
    };
  }
  return { cosigned };
}
