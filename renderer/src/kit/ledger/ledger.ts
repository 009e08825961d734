/** HQ's ledger as the kit offers it (issue "HQ ledger and batch anchoring"); the work is in ./anchoring.ts. */
import type { DidKey } from '../../../../shared/crypto/did-key';
import { ok } from '../../../../shared/result';
import type { LedgerApi } from '../api/ledger';
import type { KitContext } from '../context';
import { readSetting } from '../settings';
import { upkeep } from '../team/upkeep';
import { Anchoring } from './anchoring';

export function ledgerModule(ctx: KitContext): LedgerApi {
  async function anchoring(): Promise<Anchoring> {
    const profile = await ctx.profile();
    return new Anchoring({
      db: ctx.db,
      host: ctx.host,
      device: profile.device as DidKey,
      fetch: ctx.options.fetch ?? ((url, init) => fetch(url, init)),
      ingest: async (raws, source) => (await ctx.ingester()).ingest(raws, source),
      ...(ctx.options.allowHttpLedger === true && { allowHttp: true }),
    });
  }

  return {
    async ledgerStatus() {
      return (await anchoring()).status();
    },

    async configureLedger(url, logKey) {
      const lead = ctx.lead('sets the HQ ledger');
      if (!lead.ok) return lead;
      const configured = await (await anchoring()).configure(url, logKey);
      // HQ's key is known now: a lead's laptop deposits the site key with it (escrow).
      if (configured.ok) await upkeep(ctx);
      return configured;
    },

    async anchor(onProgress) {
      const r = await (await anchoring()).anchorNow(onProgress);
      return r.ok ? ok({ anchored: r.value.anchored }) : r;
    },

    async gossipCheckpoint(note) {
      return (await anchoring()).gossip(note);
    },

    async heldCheckpoint() {
      return (await readSetting(ctx.db, 'ledger'))?.checkpoint;
    },
  };
}
