import { parseDateTimeStamp, verifyCredential } from '../../../shared/credentials';
import { didToPublicKey } from '../../../shared/crypto/did-key';
import type { Command } from '../command';
import { CliError } from '../io';
import { readJson } from '../input';

function parseTrustList(text: string): string[] {
  const dids = text.split(',').map((d) => d.trim()).filter((d) => d !== '');
  if (dids.length === 0) throw new CliError(2, '--trust needs at least one did:key');
  for (const did of dids) {
    if (!didToPublicKey(did).ok) throw new CliError(2, `--trust: ${JSON.stringify(did)} is not an Ed25519 did:key`);
  }
  return dids;
}

/** `--issuer-key URL=did:key:…`: the key an issuer that is not a did:key signs with. */
function parseIssuerKeys(entries: readonly (string | boolean)[]): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const entry of entries) {
    const text = String(entry);
    const at = text.lastIndexOf('=');
    if (at <= 0 || !didToPublicKey(text.slice(at + 1)).ok) {
      throw new CliError(2, `--issuer-key must be ISSUER=did:key:…, not ${JSON.stringify(text)}`);
    }
    keys[text.slice(0, at)] = text.slice(at + 1);
  }
  return keys;
}

export const verifyCredentialCommand: Command = {
  name: 'verify-credential',
  summary: 'check a VC 2.0 credential offline against a trust list; exit 0 valid, 1 invalid',
  usage: 'aidtrail verify-credential FILE|- --trust did:key:…[,…] [--issuer-key ISSUER=did:key:…] [--now TIME] [--json]',
  options: {
    trust: { type: 'string' },
    'issuer-key': { type: 'string', multiple: true },
    now: { type: 'string' },
    json: { type: 'boolean' },
  },
  required: ['trust'],
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const trustedIssuers = parseTrustList(String(values.trust));
    const issuerKeys = parseIssuerKeys(Array.isArray(values['issuer-key']) ? values['issuer-key'] : []);
    let now = io.now();
    if (typeof values.now === 'string') {
      const t = parseDateTimeStamp(values.now);
      if (t === undefined) throw new CliError(2, `--now must be a date and time with a time zone, not ${JSON.stringify(values.now)}`);
      now = new Date(t);
    }
    const result = verifyCredential(await readJson(io, positionals[0]!), { trustedIssuers, now, issuerKeys });
    if (values.json) {
      io.stdout(
        `${JSON.stringify(result.ok ? { ok: true, issuer: result.value.issuer, credential: result.value.credential } : result)}\n`,
      );
    } else {
      io.stdout(result.ok ? `valid: issued by ${result.value.issuer}\n` : `invalid (${result.code}): ${result.message}\n`);
    }
    return result.ok ? 0 : 1;
  },
};
