/**
 * HTTP requests with the path sent byte for byte as given (node:http sends
 * `path` as is; fetch and URL would normalise `/x/../admin` or `//admin`
 * before it leaves), for the tests that try hostile spellings against a
 * listening ledger, and an upload whose body never finishes.
 */
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export function rawRequest(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Sends the head of a 100,000-byte upload, then a byte every 100 ms
 * (`trickle`) or nothing; resolves when the server ends the connection, with
 * how long that took and what it answered.
 */
export function slowUpload(base: string, trickle: boolean): Promise<{ ms: number; answer: string }> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    // Bounded whatever the server does: the test never runs past 10 s.
    const guard = setTimeout(() => socket.destroy(new Error('the server kept the slow upload open for 10 s')), 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(e);
    });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(guard);
      resolve({ ms: Date.now() - started, answer });
    });
    socket.write('POST /batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"header":');
    if (trickle) timer = setInterval(() => socket.write(' '), 100);
  });
}
