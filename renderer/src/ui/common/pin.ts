/** PIN rules shared by setup, the lock screen, operators and team-lead approvals. */

export const PIN_MIN = 4;
export const PIN_MAX = 8;
const PIN_PATTERN = /^\d{4,8}$/;

export const isValidPin = (pin: string): boolean => PIN_PATTERN.test(pin);

/** Keeps only ASCII digits (a pasted or mistyped character never reaches the kit) and caps the length. */
export const cleanPin = (text: string): string => text.replace(/[^0-9]/g, '').slice(0, PIN_MAX);
