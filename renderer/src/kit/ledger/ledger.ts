/** HQ's ledger as the kit offers it (issue "HQ ledger and batch anchoring"); the work is in ./anchoring.ts. */
import type { DidKey } from '../../../../shared/crypto/did-key';
import { err, ok, type Result } from '../../../../shared/result';
import type { Locked } from '../api/errors';
import type { LedgerApi } from '../api/ledger';
import type { ReloadNeeded } from '../api/network';
import type { KitContext } from '../context';
import { allowAddress } from '../network/network';
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

  /** The desktop page may reach the ledger: allowed for this laptop, and this page loaded since. */
  async function reach(address: string): Promise<Result<void, 'bad-url' | Locked | ReloadNeeded>> {
    const allowed = await allowAddress(ctx, address, 'hq');
    if (!allowed.ok) return err(allowed.code === 'locked' ? 'locked' : 'bad-url', allowed.message);
    return allowed.value.reload ? err('reload-needed', 'the app must reload to reach the ledger at this address') : ok(undefined);
  }

  return {
    async ledgerStatus() {
      return (await anchoring()).status();
    },

    async configureLedger(url, logKey, extras) {
      const lead = ctx.lead('sets the HQ ledger');
      if (!lead.ok) return lead;
      const configured = await (await anchoring()).configure(url, logKey, reach, extras);
      // HQ's key is known now: a lead's laptop deposits the site key with it (escrow).
      if (configured.ok) await upkeep(ctx);
      return configured;
    },

    async anchor(onProgress) {
      // The vault signs no batch while locked: the loop waits for a sign-in rather than fail.
      const operator = ctx.operator();
      if (!operator.ok) return operator;
      const ledger = await readSetting(ctx.db, 'ledger');
      if (ledger !== undefined) {
        // A ledger configured before this laptop's policy listed it (an older version, a lost network.json).
        // Locked, or an address the host cannot allow: anchoring then reports what it meets.
        for (const address of ledger.tiles === undefined ? [ledger.url] : [ledger.url, ledger.tiles]) {
          const reached = await reach(address);
          if (!reached.ok && reached.code === 'reload-needed') return err('reload-needed', reached.message);
        }
      }
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
