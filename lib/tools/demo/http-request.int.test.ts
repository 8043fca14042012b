import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it, vi } from "vitest";
import { GET as healthRoute } from "@/app/api/demo/health/route";
import { demoHealth } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { httpRequest, TENANT_HEADER } from "./http-request";

// "Another host" is a second local server here; refusing private addresses is tested in
// http-request-ssrf.int.test.ts.
vi.mock("@/lib/net/public-fetch", async () => {
  const { fetch } = await import("undici");
  return { publicFetch: fetch };
});

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);

type Seen = { method?: string; url?: string; headers: IncomingMessage["headers"]; body: string };

/** A local server: the app's health route at /api/demo/health, an echo of the request elsewhere. */
async function startServer(): Promise<{ server: Server; base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (req.url === "/api/demo/health") {
      const headers = new Headers(req.headers as Record<string, string>);
      const response = await healthRoute(new Request(`http://127.0.0.1${req.url}`, { headers }));
      res.writeHead(response.status, { "content-type": "application/json" }).end(await response.text());
    } else if (req.url === "/big") {
      res.writeHead(200).end("x".repeat(200_000));
    } else if (req.url === "/redirect") {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end();
    } else {
      res.writeHead(201, { "content-type": "text/plain" }).end(`echo ${req.method} ${body}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const app = await startServer();
const elsewhere = await startServer();
afterAll(() => {
  app.server.close();
  elsewhere.server.close();
});

const ctx = toolContext(db, tenant.id, { appBaseUrl: app.base });
const call = (args: unknown) => httpRequest.execute(httpRequest.input.parse(args), ctx);
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

describe("http_request", () => {
  it("calls the app's own health endpoint with the tenant header", async () => {
    const { output, receipt } = await call({ method: "GET", url: "/api/demo/health" });
    const body = JSON.stringify({ healthy: true, detail: "all checks passing" });
    expect(output).toEqual({ status: 200, body, body_sha256: sha(body) });
    expect(receipt).toEqual({
      method: "GET",
      url: `${app.base}/api/demo/health`,
      status: 200,
      body_sha256: sha(body),
    });
    expect(app.seen.at(-1)?.headers[TENANT_HEADER]).toBe(tenant.id);
    expect(httpRequest.risk({ method: "GET", url: "/" })).toBe("read");
  });

  it("reports an unhealthy shop as 503, not as a tool error", async () => {
    await db
      .update(demoHealth)
      .set({ healthy: false, detail: "disk usage above 90%" })
      .where(eq(demoHealth.tenantId, tenant.id));
    const { output } = await call({ method: "GET", url: `${app.base}/api/demo/health` });
    expect(output.status).toBe(503);
    expect(JSON.parse(output.body)).toEqual({ healthy: false, detail: "disk usage above 90%" });
  });

  it("sends bodies with a content type, and never the tenant header to other hosts", async () => {
    const { output } = await call({ method: "POST", url: `${elsewhere.base}/hook`, body: '{"a":1}' });
    expect(output).toMatchObject({ status: 201, body: 'echo POST {"a":1}' });
    const request = elsewhere.seen.at(-1);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers[TENANT_HEADER]).toBeUndefined();
    expect(httpRequest.risk({ method: "POST", url: "/" })).toBe("write");
  });

  it("reads at most 64 KB and shows the first 4000 characters", async () => {
    const { output } = await call({ method: "GET", url: `${elsewhere.base}/big` });
    expect(output.body).toBe("x".repeat(4000));
    expect(output.body_sha256).toBe(sha("x".repeat(64 * 1024)));
  });

  it("does not follow redirects", async () => {
    const { output } = await call({ method: "GET", url: `${elsewhere.base}/redirect` });
    expect(output.status).toBe(302);
  });

  it("refuses invalid URLs and bodies on GET", async () => {
    for (const url of [
      "file:///etc/passwd",
      "ftp://example.com/x",
      "not a url",
      "//evil.example.net/x",
      "http://user:pw@example.com/",
    ]) {
      await expect(call({ method: "GET", url }), url).rejects.toThrow(ToolInputError);
    }
    await expect(call({ method: "GET", url: "/api/demo/health", body: "x" })).rejects.toThrow(
      /GET request cannot have a body/,
    );
    expect(httpRequest.input.safeParse({ method: "PATCH", url: "/" }).success).toBe(false);
    expect(httpRequest.input.safeParse({ method: "GET", url: "/", headers: {} }).success).toBe(false);
  });

  it("tells the model when a host is unreachable, and stops when the run is aborted", async () => {
    const closed = await startServer();
    await new Promise((resolve) => closed.server.close(resolve));
    const unreachable = call({ method: "GET", url: `${closed.base}/` });
    await expect(unreachable).rejects.toThrow(ToolInputError);
    await expect(unreachable).rejects.toThrow(`GET ${closed.base}/ failed: connect ECONNREFUSED`);
    await expect(call({ method: "GET", url: "http://127.0.0.1:9/" })).rejects.toThrow(/failed: bad port/);
    const controller = new AbortController();
    controller.abort(new Error("run killed"));
    const aborted = httpRequest.execute(
      { method: "GET", url: "/api/demo/health" },
      { ...ctx, signal: controller.signal },
    );
    await expect(aborted).rejects.toThrow("run killed");
  });
});

describe("GET /api/demo/health", () => {
  const request = (headers: Record<string, string>) =>
    new Request("http://localhost/api/demo/health", { headers });

  it("answers 400 JSON without a valid tenant header", async () => {
    for (const headers of [{}, { [TENANT_HEADER]: "acme" }] as Record<string, string>[]) {
      const response = await healthRoute(request(headers));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({
        code: "invalid_input",
        message: expect.stringContaining(TENANT_HEADER),
      });
    }
  });

  it("answers 404 for a tenant without a demo shop", async () => {
    const response = await healthRoute(request({ [TENANT_HEADER]: crypto.randomUUID() }));
    expect(response.status).toBe(404);
  });
});
