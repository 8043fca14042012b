import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import { seededTenant, toolContext } from "@/lib/tools/testing/demo-context";
import { ToolInputError } from "@/lib/tools/types";
import { httpRequest } from "./http-request";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);

const hits: string[] = [];
const server = createServer((req, res) => {
  hits.push(req.url ?? "");
  res.writeHead(200).end("internal secret");
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as AddressInfo).port;
afterAll(() => server.close());

// The app lives elsewhere: this machine's server is "internal" to the tool.
const ctx = toolContext(db, tenant.id, { appBaseUrl: "http://app.invalid:3000" });
const call = (url: string) => httpRequest.execute(httpRequest.input.parse({ method: "GET", url }), ctx);

describe("http_request refuses this machine and private networks however they are spelled", () => {
  it("refuses names that resolve to loopback, and every numeric spelling", async () => {
    for (const url of [
      // This machine's own name, which resolves to a loopback or local address.
      `http://${hostname()}:${port}/name`,
      `http://2130706433:${port}/decimal`,
      `http://0x7f.1:${port}/hex`,
      `http://0177.0.0.1:${port}/octal`,
      `http://[::ffff:7f00:1]:${port}/mapped`,
      `http://[::127.0.0.1]:${port}/compatible`,
      `http://[2002:7f00:1::]:${port}/6to4`,
      `http://[64:ff9b::7f00:1]:${port}/nat64`,
      `http://169.254.169.254/latest/meta-data`,
    ]) {
      const attempt = call(url);
      await expect(attempt, url).rejects.toThrow(ToolInputError);
      await expect(attempt, url).rejects.toThrow(/not a public address/);
    }
    expect(hits).toEqual([]);
  });
});
