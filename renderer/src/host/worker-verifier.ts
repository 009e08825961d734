/**
 * The ingest's verification stage in a dedicated worker (./verify-worker.ts),
 * so the page's thread stays free for storing (issue 14). Where a worker
 * cannot run (no `Worker`, or it fails to load), the stage runs on the page,
 * with the same verdicts: the worker is a matter of speed, never of trust.
 */
import type { RawEventVerifier, RawVerdict } from '../../../shared/events';

export interface VerifyRequest {
  readonly id: number;
  readonly raws: readonly string[];
}

export type VerifyAnswer = { readonly id: number; readonly verdicts: RawVerdict[] } | { readonly id: number; readonly failed: string };

type Pending = { readonly raws: readonly string[]; readonly resolve: (v: RawVerdict[]) => void; readonly reject: (e: unknown) => void };

/** The kit's worker, bundled by Vite from the URL (the CSP's `worker-src 'self'` allows it). */
const startWorker = (): Worker => new Worker(new URL('./verify-worker.ts', import.meta.url), { type: 'module', name: 'aidtrail-verify' });

/**
 * A verifier that posts each batch to one worker, made on first use; `onPage`
 * is the same stage on this thread, taken for batches the worker could not
 * answer and for everything once it failed.
 */
export function workerEventVerifier(onPage: RawEventVerifier, start?: () => Worker): RawEventVerifier {
  let worker: Worker | undefined;
  let broken = start === undefined && typeof Worker !== 'function';
  let next = 0;
  const pending = new Map<number, Pending>();
  const fallBack = (cause: unknown) => {
    broken = true;
    worker?.terminate();
    worker = undefined;
    // What the worker still held is verified here instead: nothing is lost to a worker that died.
    for (const { raws, resolve, reject } of pending.values()) onPage(raws).then(resolve, reject);
    pending.clear();
    const why = (cause as { message?: unknown } | null)?.message;
    console.warn(`event verification runs on the page: the worker failed (${typeof why === 'string' ? why : String(cause)})`);
  };
  const workerOf = (): Worker => {
    if (worker !== undefined) return worker;
    const made = (start ?? startWorker)();
    made.addEventListener('message', ({ data }: MessageEvent<VerifyAnswer>) => {
      const request = pending.get(data.id);
      if (request === undefined) return;
      pending.delete(data.id);
      if ('verdicts' in data) request.resolve(data.verdicts);
      // A failure there is a bug, not the input's: the batch is verified here rather than lost.
      else onPage(request.raws).then(request.resolve, request.reject);
    });
    made.addEventListener('error', fallBack);
    made.addEventListener('messageerror', fallBack);
    return (worker = made);
  };
  return (raws) => {
    if (broken || raws.length === 0) return onPage(raws);
    return new Promise<RawVerdict[]>((resolve, reject) => {
      const id = next++;
      pending.set(id, { raws, resolve, reject });
      try {
        workerOf().postMessage({ id, raws } satisfies VerifyRequest);
      } catch (cause) {
        // No worker could be made (a policy refused it, say): this batch and every later one on the page.
        fallBack(cause);
      }
    });
  };
}
