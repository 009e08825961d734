/**
 * Fault injection for the crash tests, off unless the environment asks:
 * AIDTRAIL_LEDGER_FAULT=kill-before-commit:N makes the ledger process SIGKILL
 * itself during its Nth append, after every row is written and the
 * checkpoint signed, just before COMMIT: the worst moment for atomicity.
 */
export function killSwitch(env: NodeJS.ProcessEnv = process.env): (() => void) | undefined {
  const spec = /^kill-before-commit:(\d+)$/.exec(env.AIDTRAIL_LEDGER_FAULT ?? '');
  if (spec === null) return undefined;
  let remaining = Number(spec[1]);
  return () => {
    remaining--;
    if (remaining === 0) process.kill(process.pid, 'SIGKILL');
  };
}
