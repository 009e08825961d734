/**
 * What the check screen refuses before the kit ever sees it. A ration-card
 * QR holds a few hundred characters; anything past 4096 is not a card (a
 * pasted document, a stuck key) and is refused with a message, not parsed.
 */
export const MAX_SCAN_CHARS = 4096;

export type ScreenedScan =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'empty' }
  | { readonly kind: 'too-long'; readonly length: number };

/** Trims what a scanner or a paste delivered (scanners may add spaces or CR/LF) and bounds it. */
export function screenScan(raw: string): ScreenedScan {
  if (raw.length > MAX_SCAN_CHARS) return { kind: 'too-long', length: raw.length };
  const text = raw.trim();
  return text ? { kind: 'text', text } : { kind: 'empty' };
}

/** The card's text starts with this (kit/api/cards.ts `RationCard.qrText`). */
export const CARD_PREFIX = 'AT1:';
