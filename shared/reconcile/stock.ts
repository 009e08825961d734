/**
 * Stock on hand, for the site and per device: received − returned − handed
 * out, per item (code and unit). The arithmetic and the rules (effective stock
 * movements and handouts, voids and corrections applied; `day` means up to
 * its end; `round` restricts both) are shared/distribution's `tally`; this
 * only splits it by the device that recorded each movement or handout.
 *
 * Amendments count whichever device signed them: a lead's void of a handout
 * recorded on device X takes it out of X's figures. So a device's lines are
 * the tally of its own handouts and stock movements with every void and
 * correction (the only events that amend them), and the devices' lines add
 * up to the site's. The cost is the events once plus the amendments once per
 * device.
 */
import type { VerifiedEvent } from '../events/verify';
import { uniqueEvents } from '../distribution/amendments';
import { tally, type StockLine, type TallyErrorCode, type TallyOptions } from '../distribution/tally';
import { ok, type Result } from '../result';
import { compareText } from './order';

export interface DeviceStock {
  readonly device: string;
  /** Sorted by code, then unit, as in `Tally.stock`. */
  readonly lines: readonly StockLine[];
}

export interface StockReport {
  readonly site: readonly StockLine[];
  /** Devices that recorded a handout or stock movement in scope, sorted by device. */
  readonly devices: readonly DeviceStock[];
}

const recordsThings = (e: VerifiedEvent): boolean => e.event.type === 'handout' || e.event.type === 'stock';
const amends = (e: VerifiedEvent): boolean => e.event.type === 'void' || e.event.type === 'correction';

export function stockReport(events: readonly VerifiedEvent[], options: TallyOptions = {}): Result<StockReport, TallyErrorCode> {
  const unique = uniqueEvents(events);
  const site = tally(unique, options);
  if (!site.ok) return site;
  const amendments = unique.filter(amends);
  const byDevice = new Map<string, VerifiedEvent[]>();
  for (const e of unique) {
    if (!recordsThings(e)) continue;
    const list = byDevice.get(e.event.device) ?? [];
    list.push(e);
    byDevice.set(e.event.device, list);
  }
  const devices: DeviceStock[] = [];
  for (const device of [...byDevice.keys()].sort(compareText)) {
    const t = tally([...byDevice.get(device)!, ...amendments], options);
    if (!t.ok) return t;
    if (t.value.stock.length > 0) devices.push({ device, lines: t.value.stock });
  }
  return ok({ site: site.value.stock, devices });
}
