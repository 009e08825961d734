#!/usr/bin/env node
// @ts-check
/**
 * Aidtrail launcher (`npm start` builds first, then runs this).
 *
 * With an Electron binary and a display, it starts the desktop app. Otherwise
 * it serves the built renderer (out/renderer) as a local web app on
 * 127.0.0.1, says why it fell back, and warns that this browser build is for
 * training and evaluation only (its data is unprotected in the browser profile).
 *
 *   node bin/start.mjs [--web] [--port N]      (PORT=N works too; default 5757, 0 = any free port)
 *                      [--signaling PORT [--signaling-host HOST]]
 *
 * `--signaling PORT` also runs the LAN signaling server for peer sync (the
 * team lead's kit in the browser build; bin/signaling-server.mjs), bound to
 * HOST (default 127.0.0.1: pass the laptop's LAN address in the field). It
 * runs as a process of its own: it faces the whole LAN, and nothing that
 * happens to it may take the kit's web server down with it. Should it die,
 * it is started again on the same port (at most 5 times a minute).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { displayAvailability, findElectronBinary } from './electron-binary.mjs';
import { startStaticServer } from './static-server.mjs';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const mainEntry = fileURLToPath(new URL('../out/main/index.js', import.meta.url));
const rendererRoot = fileURLToPath(new URL('../out/renderer/', import.meta.url));
const policyModule = fileURLToPath(new URL('../out/main/security-policy.js', import.meta.url));
const DEFAULT_PORT = 5757;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  console.error(`aidtrail: ${message}`);
  process.exit(1);
}

/**
 * @param {string} text
 * @param {string} source
 */
function parsePort(text, source) {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) fail(`${source} must be a port number 0–65535, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** @returns {{ web: boolean, port: number, signaling: { port: number, host: string } | undefined }} */
function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        web: { type: 'boolean', default: false },
        port: { type: 'string' },
        signaling: { type: 'string' },
        'signaling-host': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help) {
    console.log(
      'usage: node bin/start.mjs [--web] [--port N] [--signaling PORT [--signaling-host HOST]]\n' +
        '  --web                  serve the web app even if Electron could start\n' +
        '  --port N               port for the web app (default 5757, or PORT; 0 = any free port)\n' +
        '  --signaling PORT       also run the LAN signaling server for peer sync on PORT\n' +
        '  --signaling-host HOST  interface for it (default 127.0.0.1; the LAN address in the field)',
    );
    process.exit(0);
  }
  const { port } = parsed.values;
  const envPort = process.env['PORT'];
  const signalingHost = parsed.values['signaling-host'];
  if (signalingHost !== undefined && parsed.values.signaling === undefined) fail('--signaling-host needs --signaling PORT');
  return {
    web: parsed.values.web,
    signaling:
      parsed.values.signaling === undefined
        ? undefined
        : { port: parsePort(parsed.values.signaling, '--signaling'), host: signalingHost ?? '127.0.0.1' },
    port:
      port !== undefined
        ? parsePort(port, '--port')
        : envPort !== undefined && envPort !== ''
          ? parsePort(envPort, 'PORT')
          : DEFAULT_PORT,
  };
}

/**
 * @param {boolean} forceWeb
 * @returns {{ kind: 'electron', path: string } | { kind: 'web', why: string }}
 */
function chooseHost(forceWeb) {
  if (forceWeb) return { kind: 'web', why: '--web was given' };
  const binary = findElectronBinary(projectRoot);
  if (!binary.found) return { kind: 'web', why: binary.reason };
  const display = displayAvailability();
  if (!display.available) return { kind: 'web', why: display.reason };
  return { kind: 'electron', path: binary.path };
}

/** @param {string} electronPath */
function runElectron(electronPath) {
  // Electron runs the project directory: package.json's "main" is out/main/index.js,
  // and its name/version become app.getName()/getVersion().
  const child = spawn(electronPath, [projectRoot], { stdio: 'inherit' });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => fail(`could not start Electron: ${error.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * What the web fallback says about itself (issue 13), as every screen of the
 * browser build does: its keys are non-extractable WebCrypto keys in
 * IndexedDB, unencrypted on disk and usable by any page later served on the
 * same origin.
 */
const TRAINING_WARNING = [
  '  !! TRAINING AND EVALUATION ONLY !!',
  '  This browser build is for trying and testing the kit. Its data, and the keys',
  '  that sign handouts, stay in this browser profile WITHOUT PROTECTION: anyone',
  '  using this computer, or another local web page served on this address, can',
  '  read them. Real field data belongs in the desktop app.',
  '  To get the desktop app: download the Electron binary (`npx install-electron`,',
  '  needs internet access), then run `bin/dev start` again on a computer with a',
  '  display; or install the packaged app (`npx electron-builder` builds it into dist/).',
].join('\n');

/**
 * @param {number} port
 * @param {string} why
 */
async function runWeb(port, why) {
  if (!existsSync(policyModule)) fail('out/main/security-policy.js is missing: run `npm run build` first');
  /** @type {{ rendererCsp: (options: { mode: 'production', delivery: 'header' }) => string }} */
  const policy = await import(pathToFileURL(policyModule).href);
  let server;
  try {
    server = await startStaticServer({
      root: rendererRoot,
      port,
      csp: policy.rendererCsp({ mode: 'production', delivery: 'header' }),
    });
  } catch (error) {
    const code = /** @type {{ code?: string }} */ (error).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is in use; pass --port N (or --port 0 for any free port)`);
    throw error;
  }
  console.log(`Aidtrail: not starting the desktop app: ${why}.`);
  console.log('Serving the built app as a local web app instead (browser, no desktop host):');
  console.log('');
  console.log(`  ${server.url}`);
  console.log('');
  console.log(TRAINING_WARNING);
  console.log('');
  console.log('Press Ctrl-C to stop.');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nAidtrail: stopping.');
    server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

const SIGNALING_SCRIPT = fileURLToPath(new URL('./signaling-server.mjs', import.meta.url));
const SIGNALING_RESTARTS_PER_MINUTE = 5;

/**
 * Starts bin/signaling-server.mjs; resolves with the process and its port
 * once it listens, rejects with what it printed if it exits first.
 *
 * @param {{ port: number, host: string }} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, port: number }>}
 */
function spawnSignaling(options) {
  const child = spawn(process.execPath, [SIGNALING_SCRIPT, '--host', options.host, '--port', String(options.port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr?.on('data', (chunk) => {
    errors += String(chunk);
    process.stderr.write(chunk); // its log of refused connections
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (/** @type {Buffer} */ chunk) => {
      out += String(chunk);
      const url = /ws:\/\/\S+:(\d+)/.exec(out);
      if (url === null) return;
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      child.off('exit', onEarlyExit);
      resolve({ child, url: url[0], port: Number(url[1]) });
    };
    const onEarlyExit = () => reject(new Error(errors.trim() || 'the signaling server exited'));
    child.stdout?.on('data', onData);
    child.once('exit', onEarlyExit);
    child.once('error', reject);
  });
}

/** @param {{ port: number, host: string }} options */
async function runSignaling(options) {
  let started;
  try {
    started = await spawnSignaling(options);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('EADDRINUSE')) fail(`signaling port ${options.port} is in use; pass --signaling N (or 0 for any free port)`);
    if (message.includes('EADDRNOTAVAIL')) fail(`--signaling-host ${options.host} is not an address of this machine`);
    fail(`the signaling server did not start: ${message}`);
  }
  console.log(`Aidtrail: signaling server for peer sync on ${started.url}`);
  const port = started.port;
  /** @type {number[]} */
  const restarts = [];
  let stopping = false;
  let child = started.child;
  const watch = () =>
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (now - (restarts[0] ?? now) > 60_000) restarts.shift();
      if (restarts.length > SIGNALING_RESTARTS_PER_MINUTE) {
        console.error(`aidtrail: the signaling server stopped (${code ?? signal}) ${restarts.length} times in a minute; not starting it again`);
        return;
      }
      console.error(`aidtrail: the signaling server stopped (${code ?? signal}); starting it again on port ${port}`);
      spawnSignaling({ host: options.host, port }).then(
        (again) => {
          child = again.child;
          if (stopping) child.kill('SIGTERM');
          else watch();
        },
        (error) => console.error(`aidtrail: the signaling server did not start again: ${error instanceof Error ? error.message : String(error)}`),
      );
    });
  watch();
  const stop = () => {
    stopping = true;
    child.kill('SIGTERM');
  };
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, stop);
  process.on('exit', stop);
}

const options = readOptions();
if (!existsSync(mainEntry) || !existsSync(rendererRoot)) fail('the app is not built (out/ is missing): run `npm run build` first');
if (options.signaling !== undefined) await runSignaling(options.signaling);
const host = chooseHost(options.web);
if (host.kind === 'electron') runElectron(host.path);
else await runWeb(options.port, host.why);
