import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "./post-json";
import { isPrivateHost, isPublicAddress, publicOnlyLookup } from "./public-address";

describe("public addresses", () => {
  it("tells the public internet from this host, local networks and metadata", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "64:ff9b::a00:1",
      "localhost",
      "not an address",
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });
});

describe("private hosts as written in a URL", () => {
  it("are names of this machine or local networks, and non-public IP literals", () => {
    for (const host of ["localhost", "app.localhost", "db.internal", "printer.local", "[::1]", "10.0.0.1"])
      expect(isPrivateHost(host), host).toBe(true);
    for (const host of ["hooks.example.com", "mylocalhost", "8.8.8.8", "[2606:4700:4700::1111]"])
      expect(isPrivateHost(host), host).toBe(false);
  });
});

describe("the connection's lookup", () => {
  const resolve = (host: string, all: boolean) =>
    new Promise<unknown>((done, fail) =>
      publicOnlyLookup(host, { all }, (error, address) => (error ? fail(error) : done(address))),
    );

  it("refuses a name whose address is not public, whichever form the connection asks for", async () => {
    await expect(resolve("localhost", false)).rejects.toThrow(/^localhost is not a public address/);
    await expect(resolve("localhost", true)).rejects.toThrow(/not a public address/);
    await expect(resolve("127.0.0.1", false)).rejects.toThrow(/not a public address/);
  });

  it("answers a public address as the connection asked for it", async () => {
    expect(await resolve("8.8.8.8", false)).toBe("8.8.8.8");
    expect(await resolve("8.8.8.8", true)).toEqual([{ address: "8.8.8.8", family: 4 }]);
  });
});

describe("posting JSON to a receiver", () => {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      bodies.push(body);
      res.statusCode = 202;
      res.end();
    });
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("refuses private receivers, by address or by name, before sending anything", async () => {
    const options = { timeoutMs: 2000, allowPrivate: false };
    await expect(postJson(`http://127.0.0.1:${port}/hook`, "{}", options)).rejects.toThrow(
      /not a public address/,
    );
    await expect(postJson(`http://localhost:${port}/hook`, "{}", options)).rejects.toThrow(
      /not a public address/,
    );
    await expect(postJson(`http://[::1]:${port}/hook`, "{}", options)).rejects.toThrow(
      /not a public address/,
    );
    // IPv4-compatible, 6to4 and NAT64 spellings of this machine, and its own host name.
    for (const host of ["[::127.0.0.1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]", hostname()]) {
      await expect(postJson(`http://${host}:${port}/hook`, "{}", options), host).rejects.toThrow(
        /not a public address/,
      );
    }
    expect(bodies).toEqual([]);
  });

  it("posts when private receivers are allowed, and answers the status", async () => {
    const status = await postJson(`http://127.0.0.1:${port}/hook`, '{"a":1}', {
      headers: { "x-test": "1" },
      timeoutMs: 2000,
      allowPrivate: true,
    });
    expect(status).toBe(202);
    expect(bodies).toEqual(['{"a":1}']);
  });

  it("closes the connection once the status is known, though the receiver streams a body forever", async () => {
    let closed = (_at: number) => {};
    const closedAt = new Promise<number>((resolve) => {
      closed = resolve;
    });
    const endless = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("x".repeat(1024));
      const chunks = setInterval(() => res.write("x".repeat(1024)), 5);
      req.socket.on("close", () => {
        clearInterval(chunks);
        closed(performance.now());
      });
    });
    await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/hook`;
    const started = performance.now();
    try {
      expect(await postJson(url, "{}", { timeoutMs: 1000, allowPrivate: true })).toBe(200);
      const giveUp = new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 3000));
      expect((await Promise.race([closedAt, giveUp])) - started).toBeLessThan(1000);
    } finally {
      endless.closeAllConnections();
      await new Promise((resolve) => endless.close(resolve));
    }
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    await expect(postJson(url, "{}", { timeoutMs: 100, allowPrivate: true })).rejects.toThrow(
      /within 100 ms/,
    );
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });
});
