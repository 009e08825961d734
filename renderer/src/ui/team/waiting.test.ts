import { describe, expect, it } from 'vitest';
import type { QuarantineEntry } from '../../kit/api';
import { waitingDevices } from './waiting';

const entry = (id: string, device: string, reason: string, source: string, receivedAt: string): QuarantineEntry => ({
  id,
  device,
  reason,
  source,
  receivedAt,
  message: '',
});

describe('waitingDevices', () => {
  it('groups unknown-device entries by device, with counts and sources, newest first', () => {
    const list = waitingDevices([
      entry('1', 'did:key:zA', 'unknown-device', 'b.aidsync', '2026-11-24T09:00:00.000Z'),
      entry('2', 'did:key:zA', 'unknown-device', 'a.aidsync', '2026-11-24T10:00:00.000Z'),
      entry('3', 'did:key:zA', 'unknown-device', 'a.aidsync', '2026-11-24T08:00:00.000Z'),
      entry('4', 'did:key:zB', 'unknown-device', 'peer', '2026-11-24T11:00:00.000Z'),
      entry('5', 'did:key:zC', 'bad-signature', 'peer', '2026-11-24T12:00:00.000Z'),
      entry('6', '', 'unknown-device', 'peer', '2026-11-24T12:00:00.000Z'),
    ]);
    expect(list).toEqual([
      { device: 'did:key:zB', count: 1, sources: ['peer'], firstReceived: '2026-11-24T11:00:00.000Z', lastReceived: '2026-11-24T11:00:00.000Z' },
      {
        device: 'did:key:zA',
        count: 3,
        sources: ['a.aidsync', 'b.aidsync'],
        firstReceived: '2026-11-24T08:00:00.000Z',
        lastReceived: '2026-11-24T10:00:00.000Z',
      },
    ]);
  });

  it('is empty without waiting devices', () => {
    expect(waitingDevices([])).toEqual([]);
    expect(waitingDevices([entry('1', 'did:key:zA', 'fork', 'peer', '2026-11-24T09:00:00.000Z')])).toEqual([]);
  });
});
