/**
 * A device's anchoring health as HQ can judge it: when it last anchored,
 * and whether uploads of it are being refused. HQ cannot see a device's
 * backlog (what it holds but has not sent); a batch older than a day from
 * an active device is what stands for it here.
 */
import type { DeviceRow } from '../../shared/ledger/admin-answers';
import { t } from './strings';

const STALE_MS = 24 * 3600 * 1000;

/** "3 h", "2 d": the coarse age a table needs. */
export function age(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}

export function health(device: DeviceRow, now: number): string {
  if (device.firstRefusedEventAt !== undefined && device.lastBatchAt === null) return t('health.waiting', { at: device.firstRefusedEventAt });
  if (device.lastBatchAt === null) return t('health.never');
  const ms = now - Date.parse(device.lastBatchAt);
  return ms > STALE_MS ? t('health.stale', { ago: age(ms) }) : t('health.fresh', { ago: age(ms) });
}
