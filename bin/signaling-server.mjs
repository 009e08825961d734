#!/usr/bin/env node
// @ts-check
/**
 * The LAN signaling server from the command line, and for `bin/start.mjs
 * --signaling PORT` (the browser build's team-lead host). The logic is
 * electron/main/signaling-server.ts (plain Node, also started by the Electron
 * main process); tsx compiles it on load, as bin/aidtrail.mjs does for the CLI.
 *
 *   node bin/signaling-server.mjs [--host 127.0.0.1] [--port 4444]
 *
 * Bind the laptop's LAN address (or 0.0.0.0) in the field so field devices can
 * reach it; the default 127.0.0.1 only serves this machine.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_SIGNALING_PORT = 4444;

/** @typedef {typeof import('../electron/main/signaling-server')} SignalingModule */

/** @returns {Promise<SignalingModule>} */
async function load() {
  const { register } = await import('tsx/esm/api');
  register();
  const url = new URL('../electron/main/signaling-server.ts', import.meta.url).href;
  return /** @type {SignalingModule} */ (await import(url));
}

/**
 * @param {{ host?: string, port?: number, log?: (message: string) => void }} options
 * @returns {Promise<import('../electron/main/signaling-server').SignalingServer>}
 */
export async function startSignaling(options) {
  const { startSignalingServer } = await load();
  return startSignalingServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? DEFAULT_SIGNALING_PORT,
    log: options.log ?? ((message) => console.warn(message)),
  });
}

/** @param {string} text */
function parsePort(text) {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(`--port must be a port number 0–65535, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main() {
  const { values } = parseArgs({
    options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string', default: String(DEFAULT_SIGNALING_PORT) }, help: { type: 'boolean', short: 'h', default: false } },
    strict: true,
  });
  if (values.help) {
    console.log('usage: node bin/signaling-server.mjs [--host ADDRESS] [--port N]\n  --host  interface to bind (default 127.0.0.1; the LAN address in the field)\n  --port  port (default 4444; 0 = any free port)');
    return;
  }
  const server = await startSignaling({ host: values.host, port: parsePort(values.port) });
  console.log(`Aidtrail signaling server on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`aidtrail signaling: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
