/**
 * Schema problems in words: the verifier shows them to a field officer and the
 * issuer to the operator, so each names the property and what is wrong with it
 * ("validFrom must be a real date and time …"), not a zod issue dump.
 */
import type { z } from 'zod';

/** `credentialSubject.names[2]` from ['credentialSubject', 'names', 2]. */
function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** The first issue as one phrase, its path under `prefix` (where the checked object sits). */
export function describeIssue(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string {
  const issue = issues[0];
  if (issue === undefined) return 'it does not have the expected form';
  const where = pathText([...prefix, ...issue.path]);
  const what =
    issue.code === 'unrecognized_keys'
      ? `has properties this kit does not know: ${issue.keys.join(', ')}`
      : issue.message;
  return where === '' ? what : `${where} ${what}`;
}
