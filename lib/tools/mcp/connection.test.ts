import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpConnection, type McpConnectionOptions, openMcpConnection } from "./connection";
import { McpUnavailableError } from "./errors";
import type { McpServerConfig } from "./server-config";
import { type RunningHttpServer, startHttpMcpServer } from "./testing/http-server";
import { pagedMcpServer } from "./testing/paged-server";
import { testMcpServer } from "./testing/test-server";

const here = import.meta.dirname;
const tsx = join(here, "../../../node_modules/.bin/tsx");
const stdioScript = join(here, "testing/stdio-server.ts");

const local: McpConnectionOptions = {
  allowPrivateAddresses: true,
  stdioAllowList: [tsx],
  connectTimeoutMs: 5_000,
};

async function failure(promise: Promise<unknown>): Promise<McpUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpUnavailableError);
  return error as McpUnavailableError;
}

describe("MCP connections", () => {
  let http: RunningHttpServer;
  let paged: RunningHttpServer;

  beforeAll(async () => {
    [http, paged] = await Promise.all([
      startHttpMcpServer(testMcpServer),
      startHttpMcpServer(pagedMcpServer),
    ]);
  });
  afterAll(async () => {
    await Promise.all([http?.close(), paged?.close()]);
  });

  it("lists the tools of an HTTP server and calls one", async () => {
    const connection = await openMcpConnection({ transport: "http", url: http.url }, local);
    try {
      const tools = await connection.listTools();
      expect(tools.map((t) => t.name)).toEqual(["lookup", "create_note", "sleep", "huge", "fail"]);
      const lookup = tools.find((t) => t.name === "lookup");
      expect(lookup).toMatchObject({
        description: "Looks a customer up by id.",
        inputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
        annotations: { readOnlyHint: true },
      });
      const result = await connection.callTool("lookup", { id: "C-1" }, { timeoutMs: 2_000 });
      expect(result.content).toEqual([{ type: "text", text: "Customer C-1: Ada Lovelace, gold tier." }]);
    } finally {
      await connection.close();
    }
  });

  it("serves concurrent calls on one connection", async () => {
    const connection = await openMcpConnection({ transport: "http", url: http.url }, local);
    try {
      const results = await Promise.all(
        ["C-1", "C-2", "C-3"].map((id) => connection.callTool("lookup", { id }, { timeoutMs: 2_000 })),
      );
      expect(results.map((r) => (r.content[0] as { text: string }).text.slice(0, 13))).toEqual([
        "Customer C-1:",
        "Customer C-2:",
        "Customer C-3:",
      ]);
    } finally {
      await connection.close();
    }
  });

  it("follows the page cursors of a tool list and keeps tools whose schema is unusable", async () => {
    const connection = await openMcpConnection({ transport: "http", url: paged.url }, local);
    try {
      const tools = await connection.listTools();
      expect(tools.map((t) => t.name)).toEqual(["alpha", "beta", "gamma", "text_only", "delta"]);
      expect(tools[3]?.inputSchema).toEqual({ type: "string" });
    } finally {
      await connection.close();
    }
  });

  it("lists and calls the tools of a stdio server it is allowed to start", async () => {
    const connection = await openMcpConnection(
      { transport: "stdio", command: tsx, args: [stdioScript] },
      local,
    );
    try {
      const tools = await connection.listTools();
      expect(tools.map((t) => t.name)).toEqual(["lookup", "create_note", "sleep", "huge", "fail"]);
      const result = await connection.callTool("create_note", { title: "Call back" }, { timeoutMs: 2_000 });
      expect(result.structuredContent).toEqual({ id: "N-1", title: "Call back" });
      const started = performance.now();
      const late = await failure(connection.callTool("sleep", { ms: 5_000 }, { timeoutMs: 200 }));
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(late.message).toBe(
        `The MCP server command "${tsx}" did not answer the call to sleep within 200 ms.`,
      );
    } finally {
      await connection.close();
    }
  });

  it("refuses a stdio command that is not on the allow-list, without running it", async () => {
    const error = await failure(
      openMcpConnection({ transport: "stdio", command: "node", args: [stdioScript] }, local),
    );
    expect(error.reason).toBe("refused");
    expect(error.message).toBe(
      'The MCP server command "node" is not allowed: only commands on this Flightdeck\'s allow-list of MCP server commands can be run.',
    );
  });

  it("refuses a private address unless private addresses are allowed", async () => {
    const error = await failure(
      openMcpConnection({ transport: "http", url: http.url }, { ...local, allowPrivateAddresses: false }),
    );
    expect(error.reason).toBe("refused");
    expect(error.message).toContain(
      `The MCP server at ${http.url} was refused: 127.0.0.1 is not a public address`,
    );

    const localhost = http.url.replace("127.0.0.1", "localhost");
    const named = await failure(
      openMcpConnection({ transport: "http", url: localhost }, { ...local, allowPrivateAddresses: false }),
    );
    expect(named.reason).toBe("refused");

    const allowed = await openMcpConnection({ transport: "http", url: http.url }, local);
    await allowed.close();
  });

  it("says readably that a server is down, without the secret headers", async () => {
    const down = await startHttpMcpServer(testMcpServer);
    await down.close();
    const started = performance.now();
    const error = await failure(
      openMcpConnection(
        {
          transport: "http",
          url: `${down.url}?key=query-secret`,
          headers: { authorization: "Bearer sk-live-123456" },
        },
        local,
      ),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error.reason).toBe("unreachable");
    expect(error.message).toBe(`The MCP server at ${down.url} refused the connection.`);
    expect(`${error.message} ${error.detail ?? ""}`).not.toMatch(/sk-live|query-secret/);
  });

  it("tells a web server that is not MCP from a server that is down", async () => {
    const web = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "text/html" }).end("<h1>Hi</h1>"),
    );
    await new Promise<void>((resolve) => web.listen(0, "127.0.0.1", resolve));
    const { port } = web.address() as AddressInfo;
    try {
      const error = await failure(
        openMcpConnection({ transport: "http", url: `http://127.0.0.1:${port}/` }, local),
      );
      expect(error.reason).toBe("not_mcp");
      expect(error.message).toMatch(
        /^The MCP server at http:\/\/127\.0\.0\.1:\d+\/ answered, but not as an MCP server/,
      );

      const missing = await failure(openMcpConnection({ transport: "http", url: `${http.url}/nope` }, local));
      expect(missing.message).toBe(
        `The MCP server at ${http.url}/nope has no MCP endpoint at this URL (HTTP 404).`,
      );
    } finally {
      web.closeAllConnections();
      await new Promise((resolve) => web.close(resolve));
    }
  });

  it("gives up on a handshake that never comes, at the connect time-out", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const started = performance.now();
      const error = await failure(
        openMcpConnection(
          { transport: "http", url: `http://127.0.0.1:${port}/mcp` },
          { ...local, connectTimeoutMs: 300 },
        ),
      );
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(error.reason).toBe("timeout");
      expect(error.message).toBe(
        `The MCP server at http://127.0.0.1:${port}/mcp did not answer the MCP handshake within 300 ms.`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("says when a stdio command cannot be started", async () => {
    const missing = "/nonexistent/mcp-server";
    const error = await failure(
      openMcpConnection({ transport: "stdio", command: missing }, { ...local, stdioAllowList: [missing] }),
    );
    expect(error.reason).toBe("unreachable");
    expect(error.message).toBe(
      'The MCP server command "/nonexistent/mcp-server" could not be started: the command was not found.',
    );
  });

  it("tells the admin why a stdio server stopped, without telling the model", async () => {
    const node = process.execPath;
    const crashing = ["-e", "console.error('MCP_CRM_TOKEN is not set'); process.exit(1)"];
    const error = await failure(
      openMcpConnection(
        { transport: "stdio", command: node, args: crashing },
        { ...local, stdioAllowList: [node] },
      ),
    );
    expect(error.reason).toBe("closed");
    expect(error.message).toBe(`The MCP server command "${node}" exited during the MCP handshake.`);
    expect(error.detail).toBe("MCP_CRM_TOKEN is not set");
  });

  it("gives up on a stdio command that never speaks MCP", async () => {
    const node = process.execPath;
    const mute = ["-e", "console.log('hello'); setInterval(() => {}, 1000)"];
    const started = performance.now();
    const error = await failure(
      openMcpConnection(
        { transport: "stdio", command: node, args: mute },
        { ...local, stdioAllowList: [node], connectTimeoutMs: 300 },
      ),
    );
    // The command ignores the end of its input, so it is stopped with SIGTERM 2 s later.
    expect(performance.now() - started).toBeLessThan(4_500);
    expect(error.reason).toBe("timeout");
    expect(error.message).toBe(
      `The MCP server command "${node}" did not answer the MCP handshake within 300 ms.`,
    );
  });

  it("refuses settings that are invalid before connecting", async () => {
    const error = await failure(openMcpConnection({ transport: "http", url: "ftp://example.com/" }, local));
    expect(error.reason).toBe("config");
    expect(error.message).toBe(
      "The MCP server's settings are invalid: Only http and https URLs are allowed, not ftp:",
    );
  });

  describe("calls on one connection", () => {
    let connection: McpConnection;
    beforeAll(async () => {
      connection = await openMcpConnection({ transport: "http", url: http.url }, local);
    });
    afterAll(async () => {
      await connection?.close();
    });

    it("ends a call at its time-out with a readable error", async () => {
      const started = performance.now();
      const error = await failure(connection.callTool("sleep", { ms: 5_000 }, { timeoutMs: 250 }));
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(error.reason).toBe("timeout");
      expect(error.message).toBe(
        `The MCP server at ${http.url} did not answer the call to sleep within 250 ms.`,
      );
    });

    it("ends a call promptly when its signal is aborted, with the signal's reason", async () => {
      const controller = new AbortController();
      const reason = new Error("run stopped");
      setTimeout(() => controller.abort(reason), 100);
      const started = performance.now();
      await expect(
        connection.callTool("sleep", { ms: 5_000 }, { signal: controller.signal, timeoutMs: 10_000 }),
      ).rejects.toBe(reason);
      expect(performance.now() - started).toBeLessThan(1_000);
    });

    it("still serves calls after a timed-out and an aborted one", async () => {
      const result = await connection.callTool("lookup", { id: "C-9" }, { timeoutMs: 2_000 });
      expect(result.isError).toBeFalsy();
    });

    it("closes a connection whose server sends more than it may", async () => {
      const configs: McpServerConfig[] = [
        { transport: "http", url: http.url },
        { transport: "stdio", command: tsx, args: [stdioScript] },
      ];
      for (const config of configs) {
        const small = await openMcpConnection(config, { ...local, maxMessageBytes: 1024 * 1024 });
        try {
          const error = await failure(small.callTool("huge", {}, { timeoutMs: 5_000 }));
          expect(error.message).toMatch(/ sent a message larger than 1048576 bytes/);
          expect(error.reason).toBe("protocol");
        } finally {
          await small.close();
        }
      }
    });

    it("refuses calls once closed", async () => {
      const closing = await openMcpConnection({ transport: "http", url: http.url }, local);
      await closing.close();
      await closing.close();
      const error = await failure(closing.callTool("lookup", { id: "C-1" }, { timeoutMs: 1_000 }));
      expect(error.reason).toBe("closed");
      expect(error.message).toBe(
        `The MCP server at ${http.url} was disconnected: the connection was closed.`,
      );
    });
  });
});
