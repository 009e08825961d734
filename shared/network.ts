/**
 * The runtime half of `network:allow` (./ipc.ts): its limits and the schema
 * of its argument, which every host parses first (the Electron dispatcher,
 * and the browser and memory hosts, which then allow nothing more: their
 * CSP is the browser build's).
 *
 * The schema only bounds the shape; what makes an address acceptable (one
 * origin, no path, credentials, wildcard or keyword) is the desktop's own
 * check, `parseOrigin` in electron/main/network-config.ts.
 */
import { z } from 'zod';
import type { AllowAddressRequest, IpcArgs } from './ipc';
import { err, ok, type Result } from './result';

/** The longest address a laptop takes (network.json's entries are held to the same). */
export const MAX_ADDRESS_LENGTH = 200;

/**
 * How many LAN signaling addresses `network:allow` keeps in network.json;
 * past it the oldest goes (a lead's laptop on DHCP changes address), so the
 * allowed set stays small whoever asks. network.json itself may list up to
 * 32 (a hand edit).
 */
export const MAX_ALLOWED_LAN = 16;

/**
 * How many HQ origins network.json keeps: the ledger in use and the ones
 * configured before it (so a page loaded while a lead moves the kit to
 * another ledger still reaches the one it anchors at). Past it the oldest
 * goes: only the newest is in use.
 */
export const MAX_ALLOWED_HQ = 4;

export const allowAddressRequestSchema: z.ZodType<AllowAddressRequest> = z.strictObject({
  url: z.string().min(1).max(MAX_ADDRESS_LENGTH),
  kind: z.enum(['hq', 'lan']),
});

export const allowAddressArgsSchema: z.ZodType<IpcArgs<'network:allow'>> = z.tuple([allowAddressRequestSchema]);

/** Parses one call's arguments; the message names the channel, as the Electron dispatcher's does. */
export function parseAllowAddressArgs(rawArgs: readonly unknown[]): Result<IpcArgs<'network:allow'>, 'invalid-args'> {
  const parsed = allowAddressArgsSchema.safeParse(rawArgs);
  return parsed.success ? ok(parsed.data) : err('invalid-args', `network:allow: ${z.prettifyError(parsed.error)}`);
}
