/**
 * A tampered kit: a laptop whose software was changed to sign what its
 * certificate does not allow (a field laptop's void). The screens offer no
 * such thing, so the test writes the event in Node, next on the laptop's own
 * chain, and has the laptop's device key sign it inside its page. In the
 * browser build that key is a non-extractable WebCrypto key in IndexedDB
 * (`aidtrail-vault`, store `keys`, record `vault`, field `device.privateKey`;
 * renderer/src/host/browser-host.ts and webcrypto-records.ts): page script
 * can sign with it, exactly as tampered renderer code could, but not read it.
 */
import type { Page } from '@playwright/test';
import { attachSignature, EVENT_VERSION, eventId, eventSigningBytes, type SignedEvent, type UnsignedEvent } from '../../shared/events';

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

/** Signs `draft` with the device key of the laptop on `page`, inside its page. */
export async function signOnLaptop(page: Page, draft: UnsignedEvent): Promise<SignedEvent> {
  const signature = await page.evaluate(async (bytes) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('aidtrail-vault');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const record = await new Promise<{ device: { privateKey: CryptoKey } }>((resolve, reject) => {
      const get = db.transaction('keys', 'readonly').objectStore('keys').get('vault');
      get.onsuccess = () => resolve(get.result as { device: { privateKey: CryptoKey } });
      get.onerror = () => reject(get.error);
    });
    db.close();
    return Array.from(new Uint8Array(await crypto.subtle.sign('Ed25519', record.device.privateKey, new Uint8Array(bytes))));
  }, Array.from(eventSigningBytes(draft)));
  return attachSignature(draft, Uint8Array.from(signature));
}
