/**
 * A local EVM chain for the tests: the anvil binary that @foundry-rs/anvil
 * installs (a devDependency, so `npm ci` brings it), started on 127.0.0.1
 * on a port the OS picks, and ready when it has said where it listens and
 * answered eth_chainId. The binary is started itself, not through the npm
 * wrapper, so that stopping it stops the chain and not only a launcher.
 * When the binary is missing this throws, with how to install it: the
 * chain tests must fail, never pass by skipping.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** anvil's first default account (its well-known test mnemonic), funded with 10000 ETH on every anvil chain. */
export const ANVIL_KEYS = [
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
] as const;
export const ANVIL_CHAIN_ID = 31337;

export interface RunningAnvil {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function anvilBinary(): string {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  const name = `@foundry-rs/anvil-${process.platform}-${arch}`;
  let path: string;
  try {
    path = join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), 'bin', 'anvil');
  } catch {
    throw new Error(`${name} is not installed: the chain tests need anvil from npm (\`npm ci\` installs it with the devDependency @foundry-rs/anvil)`);
  }
  if (!existsSync(path)) throw new Error(`${path} is missing: reinstall with \`npm ci\``);
  return path;
}

export async function startAnvil(args: readonly string[] = []): Promise<RunningAnvil> {
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', '0', '--chain-id', String(ANVIL_CHAIN_ID), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start in 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /Listening on (127\.0\.0\.1:\d+)/.exec(output);
      if (listening === null) return;
      clearTimeout(timer);
      child.stdout!.off('data', read);
      child.stdout!.resume(); // keep draining, so a full pipe never stalls the chain
      resolve(`http://${listening[1]}`);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`anvil exited before listening:\n${output}`));
    });
  });
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }) });
  const { result } = (await answer.json()) as { result?: string };
  if (result !== `0x${ANVIL_CHAIN_ID.toString(16)}`) throw new Error(`anvil at ${url} answered eth_chainId with ${result}`);
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
