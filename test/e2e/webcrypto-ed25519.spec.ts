/**
 * The native Ed25519 path in the renderer (renderer/src/host/webcrypto-verifier.ts)
 * may stand in for noble only if Chromium's WebCrypto gives noble's strict
 * RFC 8032 verdict: all 151 Wycheproof cases, run in the app's own page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

interface Wycheproof {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; msg: string; sig: string; result: string }[] }[];
}
const wycheproof = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'vectors', 'wycheproof', 'testvectors_v1', 'ed25519_test.json'), 'utf8'),
) as Wycheproof;
const cases = wycheproof.testGroups.flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));

test('Chromium WebCrypto gives the Wycheproof verdict on every Ed25519 case', async ({ page }) => {
  await page.goto('/');
  const disagreements = await page.evaluate(async (all) => {
    const hex = (h: string) => new Uint8Array((h.match(/../g) ?? []).map((x) => parseInt(x, 16)));
    const wrong: number[] = [];
    for (const t of all) {
      let valid: boolean;
      try {
        const key = await crypto.subtle.importKey('raw', hex(t.pk), { name: 'Ed25519' }, false, ['verify']);
        valid = await crypto.subtle.verify('Ed25519', key, hex(t.sig), hex(t.msg));
      } catch {
        valid = false;
      }
      if (valid !== (t.result === 'valid')) wrong.push(t.tcId);
    }
    return wrong;
  }, cases);
  console.log(`wycheproof ed25519 via Chromium WebCrypto: ${cases.length - disagreements.length}/${cases.length}`);
  expect(disagreements).toEqual([]);
  expect(cases).toHaveLength(151);
});
