/**
 * The log as live sync and sync files see it (issue 9, closed facades): events
 * enter only through verification (db/ingest.ts) and the one write path, and
 * leave as canonical texts. Live sync subscribes here to what the log gains,
 * whatever wrote it.
 */
import type { VerifiedEvent } from '../../../../shared/events';
import { eventText, storedEvent } from '../../db/event-doc';
import type { EventEntry, EventsApi } from '../api/events';
import type { KitContext } from '../context';
import { upkeep } from '../team/upkeep';
import { exportSyncFile, importSyncFile } from './sync-file';

const entry = ({ id, event }: VerifiedEvent): EventEntry => ({ id, text: eventText(event), ...(event.round !== undefined && { round: event.round }) });

export function eventLogModule(ctx: KitContext): EventsApi {
  const api: EventsApi = {
    async ingest(raws, source) {
      const result = await (await ctx.ingester()).ingest(raws, source);
      // Certificates, keys and directory entries from elsewhere may call for key
      // deliveries or acceptances; a laptop's first events waiting, for an admission that covers them.
      if (ctx.takeTeamChanged()) await upkeep(ctx);
      return result;
    },

    async eventEntries() {
      const docs = await ctx.db.events.find({ sort: [{ device: 'asc' }, { seq: 'asc' }] }).exec();
      return docs.map((d) => entry(storedEvent(d.toMutableJSON())));
    },

    onEventsStored(listener) {
      return ctx.writer.onStored((events) => listener(events.map(entry)));
    },

    exportSyncFile(peerHas) {
      return exportSyncFile(api, peerHas);
    },

    importSyncFile(bytes, source, onProgress) {
      return importSyncFile(api, bytes, source, onProgress);
    },
  };
  return api;
}
