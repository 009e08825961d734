import {
  IssueError,
  issueCredential,
  VC_V2_CONTEXT,
  VERIFIABLE_CREDENTIAL,
  formatDateTimeStamp,
  type Credential,
} from '../../../shared/credentials';
import { CanonicalError } from '../../../shared/canonical';
import { isRecord } from '../../../shared/guards';
import type { Command } from '../command';
import { CliError } from '../io';
import { readJson } from '../input';
import { readKeyFile } from '../key-file';

export const issueCredentialCommand: Command = {
  name: 'issue-credential',
  summary: 'sign a VC 2.0 credential (eddsa-jcs-2022) with a site key; the signed JSON goes to stdout',
  usage:
    'aidtrail issue-credential --key site.json (--subject subject.json | --credential unsigned.json) [--type T] [--valid-until TIME] [--created TIME]',
  options: {
    key: { type: 'string' },
    subject: { type: 'string' },
    credential: { type: 'string' },
    type: { type: 'string' },
    'valid-until': { type: 'string' },
    created: { type: 'string' },
  },
  required: ['key'],
  positionals: { min: 0, max: 0 },
  async run({ values }, io) {
    if ((values.subject === undefined) === (values.credential === undefined)) {
      throw new CliError(2, 'give exactly one of --subject (a credentialSubject) or --credential (a whole unsigned credential)');
    }
    const key = await readKeyFile(io, String(values.key));
    const created = typeof values.created === 'string' ? values.created : io.now();
    let credential: unknown;
    if (typeof values.credential === 'string') {
      credential = await readJson(io, values.credential);
    } else {
      const subject = await readJson(io, String(values.subject));
      if (!isRecord(subject)) throw new CliError(1, `${String(values.subject)} must hold a JSON object (the credentialSubject)`);
      credential = {
        '@context': [VC_V2_CONTEXT],
        type: typeof values.type === 'string' ? [VERIFIABLE_CREDENTIAL, values.type] : [VERIFIABLE_CREDENTIAL],
        issuer: key.did,
        validFrom: typeof created === 'string' ? created : formatDateTimeStamp(created),
        ...(typeof values['valid-until'] === 'string' && { validUntil: values['valid-until'] }),
        credentialSubject: subject,
      };
    }
    if (!isRecord(credential)) throw new CliError(1, 'the credential must be a JSON object');
    try {
      const signed = issueCredential(credential as Credential, key, { created });
      // Pretty for people; verifiers canonicalise, so layout never matters.
      io.stdout(`${JSON.stringify(signed, null, 2)}\n`);
    } catch (e) {
      if (e instanceof IssueError || e instanceof CanonicalError) throw new CliError(1, e.message);
      throw e;
    }
    return 0;
  },
};
