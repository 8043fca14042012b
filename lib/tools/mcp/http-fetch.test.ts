import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mcpFetch, ResponseTooLargeError } from "./http-fetch";

describe("the MCP transport's fetch", () => {
  const web = createServer((req, res) => {
    if (req.url === "/redirect") return void res.writeHead(302, { location: "http://127.0.0.1:1/" }).end();
    res.writeHead(200, { "content-type": "text/plain" }).end("x".repeat(5_000));
  });
  let base: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    web.closeAllConnections();
    await new Promise((resolve) => web.close(resolve));
  });

  it("cuts a response body off past the limit and says so", async () => {
    let oversize = 0;
    const fetch = mcpFetch({
      allowPrivateAddresses: true,
      maxResponseBytes: 1_024,
      onOversize: () => oversize++,
    });
    const response = await fetch(`${base}/big`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(oversize).toBe(1);
    const roomy = mcpFetch({
      allowPrivateAddresses: true,
      maxResponseBytes: 10_000,
      onOversize: () => oversize++,
    });
    expect(await (await roomy(`${base}/big`)).text()).toHaveLength(5_000);
  });

  it("never follows a redirect itself", async () => {
    const fetch = mcpFetch({ allowPrivateAddresses: true, maxResponseBytes: 1_024, onOversize: () => {} });
    const response = await fetch(`${base}/redirect`, { redirect: "follow" });
    expect(response.status).toBe(302);
  });

  it("refuses private addresses unless allowed", async () => {
    const fetch = mcpFetch({ allowPrivateAddresses: false, maxResponseBytes: 1_024, onOversize: () => {} });
    await expect(fetch(`${base}/big`)).rejects.toThrow(/127\.0\.0\.1 is not a public address/);
  });
});
