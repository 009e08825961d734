/**
 * A tampered kit: a laptop whose software was changed to sign what its
 * certificate does not allow (a field laptop's void). The screens offer no
 * such thing, and its vault signs only events whose chain it keeps, so the
 * test takes the laptop's device seed the way script on its origin could in
 * the browser build (a training build: its device layer is a non-extractable
 * AES key beside the records, usable by any page script; see
 * renderer/src/host/browser-store.ts) and signs in Node, next on the
 * laptop's own chain.
 */
import type { Page } from '@playwright/test';
import { fromBase64url } from '../../shared/bytes';
import { EVENT_VERSION, eventId, signEvent, type SignedEvent, type UnsignedEvent } from '../../shared/events';

/** The void a field laptop may not sign: of `target` (one of its own handouts), after the last of `own` (its events, any order). */
export function voidDraft(own: readonly SignedEvent[], target: SignedEvent, at: Date): UnsignedEvent {
  const head = own.reduce((a, b) => (b.seq > a.seq ? b : a));
  return {
    v: EVENT_VERSION,
    type: 'void',
    device: head.device,
    seq: head.seq + 1,
    prev: eventId(head),
    at: at.toISOString(),
    ...(target.round !== undefined && { round: target.round }),
    ...(target.operator !== undefined && { operator: target.operator }),
    body: { target: eventId(target), reason: 'double-handout', approval: { by: target.operator ?? 'op-unknown' } },
  };
}

/** Signs `draft` with the device key of the laptop on `page`, read out of its browser vault. */
export async function signOnLaptop(page: Page, draft: UnsignedEvent): Promise<SignedEvent> {
  const record = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('aidtrail-vault-v2');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const get = <T>(store: string, key: string) =>
      new Promise<T>((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).get(key);
        request.onsuccess = () => resolve(request.result as T);
        request.onerror = () => reject(request.error);
      });
    const key = await get<CryptoKey>('device', 'key');
    const sealed = await get<{ iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }>('records', 'device');
    db.close();
    const additionalData = new TextEncoder().encode('aidtrail/v2/browser-record\ndevice');
    return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData }, key, sealed.ct));
  });
  const { deviceSeed } = JSON.parse(record) as { deviceSeed: string };
  return signEvent(draft, fromBase64url(deviceSeed));
}
