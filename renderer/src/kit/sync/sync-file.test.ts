import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { IngestResult } from '../api/events';
import { eventTexts, smallFamily, testKits, unwrap } from '../testing';
import { importSyncFile, SYNC_FILE_HEADER } from './sync-file';

const kits = testKits();

const kit = async () => (await kits.open()).kit;

describe('sync files', () => {
  it('carry events to a device that never meets the other, through the same verification', async () => {
    const leadKit = await kit();
    await leadKit.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'Lead', lead: { name: 'Amina', pin: '4071' } });
    await leadKit.enrol(smallFamily);
    const invitation = await leadKit.invitation();
    if (!invitation.ok) throw new Error(invitation.message);
    const far = await kit();
    await far.setup({ site: '', siteName: '', deviceLabel: 'Far', lead: { name: 'J', pin: '4071' }, invitation: invitation.value });
    const file = await leadKit.exportSyncFile();
    const progress: number[] = [];
    const r = await far.importSyncFile(file, 'usb', (done) => progress.push(done));
    expect(r.ok && r.value.stored).toBe((await eventTexts(leadKit)).length);
    expect(progress.length).toBeGreaterThan(0);
    expect(unwrap(await far.listHouseholds({ limit: 10 }))).toHaveLength(1);
    // Again: nothing new. Only what a peer lacks: nothing, given its heads.
    const again = await far.importSyncFile(file, 'usb');
    expect(again.ok && again.value).toMatchObject({ stored: 0 });
    const texts = await eventTexts(leadKit);
    const last = JSON.parse(texts.at(-1)!) as { device: string; seq: number };
    const empty = await far.importSyncFile(await leadKit.exportSyncFile({ [last.device]: last.seq }), 'usb');
    expect(empty.ok && empty.value).toEqual({ stored: 0, duplicates: 0, quarantined: 0 });
  });

  it('refuses a truncated, forged or foreign file without storing anything', async () => {
    const a = await kit();
    await a.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'A', lead: { name: 'A', pin: '4071' } });
    await a.enrol(smallFamily);
    const b = await kit();
    await b.setup({ site: 'camp-north', siteName: 'Camp North', deviceLabel: 'B', lead: { name: 'B', pin: '4071' } });
    const file = await a.exportSyncFile();
    expect((await b.importSyncFile(file.slice(0, file.length - 9), 'usb')).ok).toBe(false);
    expect((await b.importSyncFile(new Uint8Array([1, 2, 3]), 'usb')).ok).toBe(false);
    expect((await b.importSyncFile(gzipSync(new TextEncoder().encode('hello\n')), 'usb')).ok).toBe(false);
    // A file from another team: valid events, but of a device b does not trust.
    const foreign = await b.importSyncFile(file, 'usb');
    expect(foreign.ok && foreign.value.stored).toBe(0);
    expect(unwrap(await b.listHouseholds({ limit: 10 })).length).toBe(0);
  });

  it('hands the ingest the next two chunks while one is stored, never more, and counts and reports in order', async () => {
    const lines = Array.from({ length: 3500 }, (_, i) => `{"n":${i}}`);
    const file = gzipSync(new TextEncoder().encode([SYNC_FILE_HEADER, ...lines].join('\n') + '\n'));
    let inFlight = 0;
    let most = 0;
    const seen: string[][] = [];
    const ingest = async (raws: readonly string[]): Promise<IngestResult> => {
      seen.push([...raws]);
      most = Math.max(most, ++inFlight);
      // Later chunks answer sooner: the totals and the progress must not depend on it.
      await new Promise((resolve) => setTimeout(resolve, 80 - seen.length * 10));
      inFlight--;
      return { stored: raws.length - 1, duplicates: 1, quarantined: 0 };
    };
    const progress: number[] = [];
    const r = await importSyncFile({ ingest }, file, 'usb', (done) => progress.push(done));
    expect(r.ok && r.value).toEqual({ stored: 3493, duplicates: 7, quarantined: 0 });
    expect(seen.flat()).toEqual(lines);
    expect(most).toBe(3);
    expect(progress).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500]);
  });
});
