import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { POST as decide } from "@/app/api/v1/approvals/[id]/decision/route";
import { POST as result } from "@/app/api/v1/gate/runs/[id]/calls/[call_id]/result/route";
import { GET as callState } from "@/app/api/v1/gate/runs/[id]/calls/[call_id]/route";
import { POST as ask } from "@/app/api/v1/gate/runs/[id]/calls/route";
import { GET as events } from "@/app/api/v1/gate/runs/[id]/events/route";
import { POST as finish } from "@/app/api/v1/gate/runs/[id]/finish/route";
import { POST as usage } from "@/app/api/v1/gate/runs/[id]/usage/route";
import { POST as open } from "@/app/api/v1/gate/runs/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const routes: [string, RegExp, Handler][] = [
  ["POST", /^\/api\/v1\/gate\/runs$/, open as unknown as Handler],
  ["POST", /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/calls$/, ask as unknown as Handler],
  ["GET", /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/calls\/(?<call_id>[^/]+)$/, callState as unknown as Handler],
  [
    "POST",
    /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/calls\/(?<call_id>[^/]+)\/result$/,
    result as unknown as Handler,
  ],
  ["POST", /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/usage$/, usage as unknown as Handler],
  ["POST", /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/finish$/, finish as unknown as Handler],
  ["GET", /^\/api\/v1\/gate\/runs\/(?<id>[^/]+)\/events$/, events as unknown as Handler],
  ["POST", /^\/api\/v1\/approvals\/(?<id>[^/]+)\/decision$/, decide as unknown as Handler],
];

/** The gate's route handlers behind a real HTTP server, so a test's agent talks to them over fetch. */
export async function startGateServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const route = routes.find(([method, pattern]) => method === req.method && pattern.test(pathname));
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "GET" ? undefined : Buffer.concat(chunks),
    });
    const params = { ...route[1].exec(pathname)?.groups };
    const response = await route[2](request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // Streamed as it comes: an event stream's events reach the client one by one.
    if (response.body)
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
