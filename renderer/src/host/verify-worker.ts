/**
 * A dedicated worker that runs the verification stage of an ingest
 * (shared/events/raw-verification.ts) off the page's thread (issue 14): parsing,
 * the schema, canonical signing bytes, the id's hash and WebCrypto's verify
 * cost the page about half of an ingest's own work, and the page's thread is
 * what storing the previous batch needs. Only the page that made it can post
 * to it; it answers each request, by id, with one verdict per text.
 */
import { rawEventVerifier } from '../../../shared/events';
import { webCryptoVerifier } from './webcrypto-verifier';
import type { VerifyRequest, VerifyAnswer } from './worker-verifier';

const verify = rawEventVerifier(webCryptoVerifier());
const scope = globalThis as unknown as { postMessage(answer: VerifyAnswer): void; addEventListener(type: 'message', listener: (e: MessageEvent<VerifyRequest>) => void): void };

scope.addEventListener('message', ({ data }) => {
  void verify(data.raws).then(
    (verdicts) => scope.postMessage({ id: data.id, verdicts }),
    (cause: unknown) => scope.postMessage({ id: data.id, failed: String(cause) }),
  );
});
