/**
 * The bench's HTTP client: Node's own `http.request` over kept-alive connections, not `fetch`.
 * The client runs in the bench's one process beside the raw SDK client it is compared with, on the
 * same 2 cores as the system: `fetch` (WHATWG streams, a Response and a Headers per call) cost that
 * process about twice the CPU per call, which came out of the cores the API is measured on
 * (docs/performance.md, "Round 5"). What a client spends is the client's, not the API's.
 */
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4_000 });

export interface HttpAnswer {
  status: number;
  text: string;
}

export function httpRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
