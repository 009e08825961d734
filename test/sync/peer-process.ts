/**
 * A kit peer in its own process, so a test can kill it with SIGKILL in the
 * middle of a transfer (no goodbye on the data channel, as when a laptop
 * dies or walks out of Wi-Fi range).
 *
 *   node --import tsx test/sync/peer-process.ts <signaling url> <scope> <name> <events> <state file>
 *
 * The document persists in <state file> (as the kit's does in IndexedDB):
 * the first run creates the events and saves them, a restart loads the same
 * Yjs history. Prints "ready" once connected to the signaling server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as Y from 'yjs';
import { fakeEvents, testPeer } from './helpers';

const [url, scopeName, name, count, stateFile] = process.argv.slice(2);
if (url === undefined || scopeName === undefined || name === undefined || count === undefined || stateFile === undefined) {
  console.error('usage: peer-process.ts <signaling url> <scope> <name> <events> <state file>');
  process.exit(2);
}
const peer = await testPeer(name, scopeName, url);
if (existsSync(stateFile)) {
  Y.applyUpdate(peer.scope.doc, new Uint8Array(readFileSync(stateFile)));
} else {
  peer.scope.add(fakeEvents(name, Number(count)));
  writeFileSync(stateFile, Y.encodeStateAsUpdate(peer.scope.doc));
}
const room = peer.connect();
await room.ready;
const started = setInterval(() => {
  if (room.progress().signaling) {
    clearInterval(started);
    process.stdout.write('ready\n');
  }
}, 10);
