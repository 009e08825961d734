/**
 * The vault worker's handler as plain functions: what it answers to calls and
 * to garbage. The worker itself runs in Chromium in
 * test/e2e/browser-host.spec.ts (the contract) and test/e2e/lead-passphrase.spec.ts (the kit).
 */
import { describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../../shared/ipc';
import { LEAD } from './host-contract-support';
import { createMemoryHost, MEMORY_HOST_INFO } from './memory-host';
import { answerVaultRequest, MAX_CALL_ARGS, serveVault, type VaultWorkerMessage, type VaultWorkerScope } from './vault-worker-handler';

/** A worker's global scope: what it posts, and its listeners, to deliver messages to. */
class FakeScope implements VaultWorkerScope {
  readonly posted: VaultWorkerMessage[] = [];
  readonly listeners = new Map<string, (event: MessageEvent<unknown>) => void>();
  postMessage(message: VaultWorkerMessage): void {
    this.posted.push(structuredClone(message));
  }
  addEventListener(type: string, listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.set(type, listener);
  }
  deliver(data: unknown): void {
    this.listeners.get('message')!(new MessageEvent('message', { data }));
  }
}

/** Lets the handler's promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('answerVaultRequest', () => {
  it('answers a call with the host’s envelope under the call’s id', async () => {
    const host = createMemoryHost();
    await expect(answerVaultRequest(host, { id: 7, method: 'vaultStatus', args: [] })).resolves.toMatchObject({
      id: 7,
      answer: { ok: true, value: { device: null, session: null } },
    });
    await expect(answerVaultRequest(host, { id: 8, method: 'getInfo', args: [] })).resolves.toEqual({
      id: 8,
      answer: { ok: true, value: MEMORY_HOST_INFO },
    });
  });

  it('passes the arguments to the host, whose schemas judge them', async () => {
    const host = createMemoryHost();
    await answerVaultRequest(host, { id: 1, method: 'vaultCreate', args: [] });
    const added = await answerVaultRequest(host, { id: 2, method: 'operatorAdd', args: [LEAD] });
    expect(added).toMatchObject({ id: 2, answer: { ok: true, value: { id: expect.any(String) } } });
    const huge = { operator: 'op-abcdef-1', secret: 'x'.repeat(10_000_000) };
    await expect(answerVaultRequest(host, { id: 3, method: 'unlock', args: [huge] })).resolves.toMatchObject({
      id: 3,
      answer: { ok: false, code: 'invalid-args' },
    });
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['a string', 'vaultStatus'],
    ['a number', 42],
    ['a list', [0, 'vaultStatus', []]],
    ['no id', { method: 'vaultStatus', args: [] }],
    ['a string id', { id: '1', method: 'vaultStatus', args: [] }],
    ['a negative id', { id: -1, method: 'vaultStatus', args: [] }],
    ['a fractional id', { id: 1.5, method: 'vaultStatus', args: [] }],
    ['a NaN id', { id: Number.NaN, method: 'vaultStatus', args: [] }],
    ['an id past 2^53', { id: 2 ** 53, method: 'vaultStatus', args: [] }],
  ])('ignores a message with no call id to answer: %s', async (_what, data) => {
    const vaultStatus = vi.fn();
    await expect(answerVaultRequest({ vaultStatus } as unknown as HostApi, data)).resolves.toBeUndefined();
    expect(vaultStatus).not.toHaveBeenCalled();
  });

  it.each([
    ['no method', undefined],
    ['a number', 3],
    ['an unknown name', 'exportKeys'],
    ['an inherited name', 'toString'],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['a channel name instead of a method', 'vault:status'],
    ['a 1 MB name', 'm'.repeat(1_000_000)],
  ])('answers invalid-args to a method that is not the HostApi’s: %s', async (_what, method) => {
    const answer = await answerVaultRequest(createMemoryHost(), { id: 4, method, args: [] });
    expect(answer).toEqual({ id: 4, answer: { ok: false, code: 'invalid-args', message: 'not a HostApi method' } });
  });

  it.each([
    ['no arguments', undefined],
    ['an object', { 0: LEAD, length: 1 }],
    ['a string', 'abc'],
    [`${MAX_CALL_ARGS + 1} arguments`, new Array(MAX_CALL_ARGS + 1).fill(null)],
    ['a million arguments', new Array(1_000_000).fill(0)],
  ])('answers invalid-args to arguments that are not a short list, without calling the host: %s', async (_what, args) => {
    const unlock = vi.fn();
    const answer = await answerVaultRequest({ unlock } as unknown as HostApi, { id: 5, method: 'unlock', args });
    expect(answer).toMatchObject({ id: 5, answer: { ok: false, code: 'invalid-args' } });
    expect(unlock).not.toHaveBeenCalled();
  });

  it('answers internal when the host throws (a bug: hosts answer values)', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const host = { lock: () => Promise.reject(new Error('boom')) } as unknown as HostApi;
    await expect(answerVaultRequest(host, { id: 6, method: 'lock', args: [] })).resolves.toMatchObject({
      id: 6,
      answer: { ok: false, code: 'internal' },
    });
    vi.restoreAllMocks();
  });
});

describe('serveVault', () => {
  it('says it runs, then answers each call by id and posts nothing for garbage', async () => {
    const scope = new FakeScope();
    serveVault(scope, createMemoryHost());
    expect(scope.posted).toEqual([{ ready: true }]);
    for (const garbage of [null, 'x', { id: 'x' }, { id: -3, method: 'lock' }]) scope.deliver(garbage);
    scope.deliver({ id: 1, method: 'vaultStatus', args: [] });
    scope.deliver({ id: 2, method: 'nope', args: [] });
    await settle();
    // Each answered when its call finishes, not in the order they came: the ids say which is which.
    const replies = scope.posted.slice(1).sort((a, b) => ('id' in a && 'id' in b ? a.id - b.id : 0));
    expect(replies).toEqual([
      { id: 1, answer: expect.objectContaining({ ok: true }) },
      { id: 2, answer: expect.objectContaining({ ok: false, code: 'invalid-args' }) },
    ]);
  });

  it('answers internal when an answer cannot be sent, so the call does not hang', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const scope = new FakeScope();
    const host = { siteKeys: () => Promise.resolve({ ok: true, value: () => 'not cloneable' }) } as unknown as HostApi;
    serveVault(scope, host);
    scope.deliver({ id: 9, method: 'siteKeys', args: [] });
    await settle();
    expect(scope.posted.at(-1)).toMatchObject({ id: 9, answer: { ok: false, code: 'internal' } });
    vi.restoreAllMocks();
  });

  it('throws on a message it cannot read, so the page hears of it as the worker’s error', () => {
    const scope = new FakeScope();
    serveVault(scope, createMemoryHost());
    expect(() => scope.listeners.get('messageerror')!(new MessageEvent('messageerror'))).toThrow(/a call could not be read/);
  });
});
