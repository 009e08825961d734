/**
 * The team lead's signaling address (`ws://192.168.1.10:4444`): checked the
 * way the invitation format checks it (kit/invitation.ts), so an invitation
 * the lead's kit writes is always one a field device can read, and
 * remembered on this device for the Sync screen.
 */

/** The invitation schema's rule for `signaling`, plus a parsable URL with a host. */
const SIGNALING_PATTERN = /^wss?:\/\/[^\s]{1,200}$/;

export const SIGNALING_STORAGE_KEY = 'aidtrail.signaling';

/** Trims what a person typed; `ws://` is added when no scheme was given (`192.168.1.10:4444`). */
export function normaliseSignaling(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `ws://${trimmed}`;
}

export function isSignalingAddress(text: string): boolean {
  if (!SIGNALING_PATTERN.test(text)) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'ws:' || url.protocol === 'wss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function rememberedSignaling(): string {
  try {
    const stored = window.localStorage.getItem(SIGNALING_STORAGE_KEY) ?? '';
    return isSignalingAddress(stored) ? stored : '';
  } catch {
    return '';
  }
}

export function rememberSignaling(address: string): void {
  try {
    if (isSignalingAddress(address)) window.localStorage.setItem(SIGNALING_STORAGE_KEY, address);
  } catch {
    // storage disabled: the address is typed again next time
  }
}
