import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { body: string; headers: IncomingHttpHeaders; at: number };

/** A local webhook receiver: every request it got, answered with `status` (200 unless changed). */
export async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ body, headers: req.headers, at: Date.now() });
      res.writeHead(state.status).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    answer: (status: number) => {
      state.status = status;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

export const waitFor = async (probe: () => Promise<boolean> | boolean, tries = 100) => {
  for (let i = 0; i < tries && !(await probe()); i++) await new Promise((r) => setTimeout(r, 50));
};
