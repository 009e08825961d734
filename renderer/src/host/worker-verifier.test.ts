import { afterEach, describe, expect, it, vi } from 'vitest';
import { canonicalize } from '../../../shared/canonical';
import { nobleVerifier } from '../../../shared/crypto/verifier';
import { eventId, rawEventVerifier } from '../../../shared/events';
import { testDevice } from '../../../shared/ledger/test-support';
import { workerEventVerifier, type VerifyAnswer, type VerifyRequest } from './worker-verifier';

const onPage = rawEventVerifier(nobleVerifier);

/** A stand-in for the dedicated worker: it holds what it is sent until the test answers, fails or drops it. */
class FakeWorker extends EventTarget {
  readonly received: VerifyRequest[] = [];
  terminated = false;
  postMessage(request: VerifyRequest): void {
    this.received.push(request);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(data: VerifyAnswer): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  async answerAll(order: 'as-sent' | 'reversed' = 'as-sent'): Promise<void> {
    const requests = order === 'as-sent' ? this.received : [...this.received].reverse();
    for (const { id, raws } of requests) this.answer({ id, verdicts: await onPage(raws) });
  }
}

const raws = (n: number) => testDevice().handouts(n).map((e) => canonicalize(e));
const ids = (texts: readonly string[]) => texts.map((t) => eventId(JSON.parse(t)));
const idsOf = (verdicts: Awaited<ReturnType<typeof onPage>>) => verdicts.map((v) => (v.ok ? v.value.id : v.code));

afterEach(() => vi.restoreAllMocks());

describe('workerEventVerifier', () => {
  it('gives each batch the worker’s answer to it, whatever order the answers come in', async () => {
    const worker = new FakeWorker();
    const verify = workerEventVerifier(onPage, () => worker as unknown as Worker);
    const [a, b] = [raws(3), raws(2)];
    const answers = Promise.all([verify(a), verify(b)]);
    await worker.answerAll('reversed');
    expect((await answers).map(idsOf)).toEqual([ids(a), ids(b)]);
  });

  it('makes one worker, on first use', async () => {
    const start = vi.fn(() => new FakeWorker() as unknown as Worker);
    const verify = workerEventVerifier(onPage, start);
    expect(start).not.toHaveBeenCalled();
    void verify(raws(1));
    void verify(raws(1));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('verifies on the page what a worker that fails held, and everything after, losing nothing', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const worker = new FakeWorker();
    const start = vi.fn(() => worker as unknown as Worker);
    const verify = workerEventVerifier(onPage, start);
    const held = raws(4);
    const answer = verify(held);
    worker.dispatchEvent(new Event('error'));
    expect(idsOf(await answer)).toEqual(ids(held));
    expect(worker.terminated).toBe(true);
    const later = raws(2);
    expect(idsOf(await verify(later))).toEqual(ids(later));
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('verifies on the page when no worker can be made', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const verify = workerEventVerifier(onPage, () => {
      throw new Error('refused by the content security policy');
    });
    const batch = raws(2);
    expect(idsOf(await verify(batch))).toEqual(ids(batch));
  });

  it('verifies on the page a batch the worker failed on, and keeps the worker for the next', async () => {
    const worker = new FakeWorker();
    const verify = workerEventVerifier(onPage, () => worker as unknown as Worker);
    const batch = raws(2);
    const answer = verify(batch);
    worker.answer({ id: worker.received[0]!.id, failed: 'a bug' });
    expect(idsOf(await answer)).toEqual(ids(batch));
    const next = verify(raws(1));
    expect(worker.received).toHaveLength(2);
    await worker.answerAll();
    expect(await next).toHaveLength(1);
  });

  it('ignores answers to nothing it asked', async () => {
    const worker = new FakeWorker();
    const verify = workerEventVerifier(onPage, () => worker as unknown as Worker);
    const batch = raws(1);
    const answer = verify(batch);
    worker.answer({ id: 999, verdicts: [] });
    await worker.answerAll();
    expect(idsOf(await answer)).toEqual(ids(batch));
  });
});
