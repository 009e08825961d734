import type { DidKey } from '../../../shared/crypto/did-key';
import { didKeySchema } from '../../../shared/events/fields';
import { verifyEvent, type ChainLink } from '../../../shared/events/verify';
import type { Command } from '../command';
import { CliError } from '../io';
import { parseJson, readText } from '../input';

/** One event, a JSON array of events, or NDJSON (one event per line), as devices export them. */
function parseEvents(text: string, what: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const value = parseJson(text, what);
    if (!Array.isArray(value)) throw new CliError(1, `${what} is not a JSON array of events`);
    return value;
  }
  const lines = trimmed.split('\n');
  if (lines.length === 1) return [parseJson(text, what)];
  return lines.map((line, i) => parseJson(line, `${what} line ${i + 1}`));
}

export const verifyEventCommand: Command = {
  name: 'verify-event',
  summary: 'check signed events (schema, signature, hash chain); exit 0 if all are valid',
  usage: 'aidtrail verify-event FILE|- [--device did:key:…] [--json]',
  options: { device: { type: 'string' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run({ values, positionals }, io) {
    const path = positionals[0]!;
    let device: DidKey | undefined;
    if (values.device !== undefined) {
      const parsed = didKeySchema.safeParse(values.device);
      if (!parsed.success) throw new CliError(2, `--device must be an Ed25519 did:key, not ${JSON.stringify(values.device)}`);
      device = parsed.data;
    }
    const events = parseEvents(await readText(io, path), path === '-' ? 'standard input' : path);
    if (events.length === 0) throw new CliError(1, 'no events to verify');
    // Events of one device that follow each other in the file must chain.
    const last = new Map<string, ChainLink>();
    let invalid = 0;
    events.forEach((input, index) => {
      const claimed = (input as { device?: unknown } | null)?.device;
      const previous = typeof claimed === 'string' ? last.get(claimed) : undefined;
      const result = verifyEvent(input, {
        ...(device !== undefined && { device }),
        ...(previous !== undefined && { previous }),
      });
      const label = events.length > 1 ? `event ${index + 1}: ` : '';
      if (result.ok) {
        const { id, event } = result.value;
        last.set(event.device, { id, seq: event.seq });
        io.stdout(
          values.json
            ? `${JSON.stringify({ ok: true, index, id, type: event.type, device: event.device, seq: event.seq })}\n`
            : `${label}valid ${event.type} #${event.seq} from ${event.device} id ${id}\n`,
        );
      } else {
        invalid++;
        io.stdout(
          values.json
            ? `${JSON.stringify({ ok: false, index, code: result.code, message: result.message })}\n`
            : `${label}invalid (${result.code}): ${result.message}\n`,
        );
      }
    });
    return invalid === 0 ? 0 : 1;
  },
};
