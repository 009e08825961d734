/**
 * Witness cosignatures the kit requires (issue 17): with `witnesses` and
 * `quorum` in its ledger settings, a checkpoint is taken as the newest only
 * when at least `quorum` of those witnesses cosigned it (C2SP
 * tlog-cosignature, shared/tlog verifyCosignatures). A ledger that forks
 * gets no cosignature from an honest witness, so a fork shown to this
 * laptop alone (which the consistency check cannot see) is still refused.
 * Without witnesses configured every checkpoint passes, as before.
 */
import { fromBase64 } from '../../../../shared/bytes';
import { err, ok, type Result } from '../../../../shared/result';
import { verifyCosignatures, type Cosigner } from '../../../../shared/tlog';
import type { SettingValue } from '../settings';

const ED25519_PUBLIC_KEY_BYTES = 32;

/** The configured witnesses as cosigners, or why the stored list is unusable. */
function cosignersOf(witnesses: readonly { name: string; key: string }[]): Result<Cosigner[], 'unwitnessed'> {
  const out: Cosigner[] = [];
  for (const { name, key } of witnesses) {
    let publicKey: Uint8Array;
    try {
      publicKey = fromBase64(key);
    } catch {
      publicKey = new Uint8Array();
    }
    if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return err('unwitnessed', `the stored key of witness ${name} is not a base64 Ed25519 public key`);
    out.push({ name, publicKey });
  }
  return ok(out);
}

/** Whether `note` carries the cosignatures the settings require; `now` in POSIX seconds. */
export function witnessQuorum(note: string, ledger: SettingValue<'ledger'>, now: number): Result<void, 'unwitnessed'> {
  const witnesses = ledger.witnesses ?? [];
  if (witnesses.length === 0) return ok(undefined);
  const cosigners = cosignersOf(witnesses);
  if (!cosigners.ok) return cosigners;
  const quorum = ledger.quorum ?? witnesses.length;
  const checked = verifyCosignatures(note, cosigners.value, { quorum, now });
  if (!checked.ok) return err('unwitnessed', `the checkpoint lacks the cosignatures of ${quorum} of the ${witnesses.length} witnesses: ${checked.message}`);
  return ok(undefined);
}
