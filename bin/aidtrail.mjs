#!/usr/bin/env node
// The aidtrail CLI. The code is TypeScript in ledger/cli; tsx compiles it on
// load so the CLI needs no build step and always matches the checked-out core.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(`aidtrail: Node ${process.versions.node} is too old; Node 22 or newer is required (bin/dev cli … runs it on Node 22, fetched from npm)\n`);
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../ledger/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
