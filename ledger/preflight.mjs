// @ts-check
/**
 * The first module `npm run ledger` loads (`node --import ./ledger/preflight.mjs
 * --import tsx ledger/main.ts`; issue 15, the Node-version point), before tsx
 * and before better-sqlite3: that native module is built for Node 22, and an
 * older Node (Debian's is 20) dies loading it with "Segmentation fault" and
 * nothing else. Plain JavaScript, no imports, so that any Node that can run
 * the command at all reaches this check and says what to do instead.
 */

/** The oldest Node the ledger runs on: package.json `engines`. */
const MINIMUM_NODE = [22, 12, 0];

/**
 * Why `version` (process.versions.node) cannot run the ledger, or undefined when it can.
 * @param {string} version
 * @returns {string | undefined}
 */
function nodeVersionProblem(version) {
  const parts = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  const have = parts === null ? [] : parts.slice(1).map(Number);
  const order = MINIMUM_NODE.map((need, i) => (have[i] ?? -1) - need).find((d) => d !== 0) ?? 0;
  if (have.length === 3 && order >= 0) return undefined;
  return (
    `aidtrail ledger: this is Node ${version}; the ledger needs Node ${MINIMUM_NODE.join('.')} or newer ` +
    `(its SQLite module is built for Node 22 and crashes an older one).\n` +
    `Run it as bin/dev ledger … instead (it installs Node 22 into .tools/ when the system's is older), ` +
    `or put Node 22 first on PATH.`
  );
}

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
