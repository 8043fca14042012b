import { createHash } from "node:crypto";
import { type AddressInfo, createServer } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ListToolsRequestSchema, type ListToolsResult } from "@modelcontextprotocol/sdk/types.js";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as refreshRoute from "@/app/api/v1/mcp-servers/[id]/refresh/route";
import * as serverRoute from "@/app/api/v1/mcp-servers/[id]/route";
import * as serversRoute from "@/app/api/v1/mcp-servers/route";
import * as toolRoute from "@/app/api/v1/tools/[name]/route";
import * as toolsRoute from "@/app/api/v1/tools/route";
import { agents, auditLog, mcpServers, mcpTools } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { overrideMcpServerSettings } from "@/lib/tools/mcp/settings";
import { loadTenantMcpTools } from "@/lib/tools/mcp/tenant-mcp-tools";
import { type RunningHttpServer, startHttpMcpServer } from "@/lib/tools/mcp/testing/http-server";
import { testMcpServer } from "@/lib/tools/mcp/testing/test-server";

const SECRET = "Bearer sk-live-7f3a9c1e5d2b4a6f8e0c";
const TEAM_TOKEN = "team-token-5b8d2e9f1a";
const ARG_TOKEN = "--token=arg-secret-4c6e8a0b";

const { db } = await createTestDatabase();
const tenantA = await createTenant(db, "MCP Co");
const adminA = await createMember(db, tenantA, "admin");
const { key: adminKey } = await createApiKey(db, adminA, { name: "admin", role: "admin" });
const { key: viewerKey } = await createApiKey(db, adminA, { name: "viewer", role: "viewer" });
const tenantB = await createTenant(db, "Other Co");
const adminB = await createMember(db, tenantB, "admin");
const { key: otherKey } = await createApiKey(db, adminB, { name: "other", role: "admin" });

/** Every answer's text, to check that no header value ever leaves. */
const answers: string[] = [];

const request = (method: string, key: string, body?: unknown) =>
  new Request("http://localhost/api/v1/x", {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const params = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

async function answer(response: Response) {
  const text = await response.text();
  answers.push(text);
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read field by field.
  return { status: response.status, text, body: JSON.parse(text) as any };
}
const register = async (body: unknown, key = adminKey) =>
  answer(await serversRoute.POST(request("POST", key, body), params({})));
const listServers = async (key = adminKey) => answer(await serversRoute.GET(request("GET", key), params({})));
const refresh = async (id: string, key = adminKey) =>
  answer(await refreshRoute.POST(request("POST", key), params({ id })));
const remove = async (id: string, key = adminKey) =>
  answer(await serverRoute.DELETE(request("DELETE", key), params({ id })));
const catalog = async (key = adminKey) => answer(await toolsRoute.GET(request("GET", key), params({})));
const patch = async (name: string, body: unknown, key = adminKey) =>
  answer(await toolRoute.PATCH(request("PATCH", key, body), params({ name })));

type Entry = {
  name: string | null;
  source: string;
  remote_name?: string;
  server?: string;
  problem: string | null;
};
const mcpEntries = async (key = adminKey): Promise<Entry[]> =>
  (await catalog(key)).body.tools.filter((t: Entry) => t.source === "mcp");

// A server whose tool list the tests change: one good tool, one whose input is not an object, two
// whose names map to the same catalog name, and one that is dropped later.
const MANGLED = `get_user_${createHash("sha256").update("get.user").digest("hex").slice(0, 6)}`;
let docsTools: { name: string; description: string; inputSchema: Record<string, unknown> }[] = [
  { name: "search", description: "Searches the docs.", inputSchema: { type: "object", properties: {} } },
  { name: "text_only", description: "Takes a bare string.", inputSchema: { type: "string" } },
  { name: "get.user", description: "Reads a user.", inputSchema: { type: "object" } },
  { name: MANGLED, description: "Reads a user too.", inputSchema: { type: "object" } },
  { name: "archive", description: "Archives a page.", inputSchema: { type: "object" } },
];
function docsServer(): Server {
  const server = new Server({ name: "docs", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(
    ListToolsRequestSchema,
    () => ({ tools: docsTools }) as unknown as ListToolsResult,
  );
  return server;
}

let crm: RunningHttpServer;
let docs: RunningHttpServer;
/** A URL nothing listens at: a port that was free a moment ago. */
let downUrl: string;

beforeAll(async () => {
  overrideMcpServerSettings({
    allowPrivateAddresses: true,
    stdioAllowList: ["/opt/mcp/allowed-server"],
    secretsKey: "integration-test-secret-0123456789abcdef",
    connectTimeoutMs: 5_000,
  });
  [crm, docs] = await Promise.all([startHttpMcpServer(testMcpServer), startHttpMcpServer(docsServer)]);
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  downUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/mcp`;
  await new Promise((resolve) => probe.close(resolve));
});
afterAll(async () => {
  overrideMcpServerSettings(null);
  await Promise.all([crm?.close(), docs?.close()]);
});

describe("registering MCP servers", () => {
  it("registers a server with sealed headers and puts its tools in the catalog as writes", async () => {
    const { status, body } = await register({
      name: "crm",
      transport: "http",
      url: crm.url,
      headers: { Authorization: SECRET, "X-Team": TEAM_TOKEN },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      name: "crm",
      transport: "http",
      url: crm.url,
      header_names: ["Authorization", "X-Team"],
      last_error: null,
      tools: 5,
      problems: 0,
      refresh: { tools: 5, problems: [], last_error: null },
    });
    const lookup = (await mcpEntries()).find((t) => t.name === "crm__lookup");
    expect(lookup).toMatchObject({
      source: "mcp",
      server: "crm",
      remote_name: "lookup",
      risk: "write",
      idempotent: false,
      timeout_ms: 30_000,
      problem: null,
      description: "Looks a customer up by id.",
      input_schema: { type: "object", properties: { id: { type: "string" } } },
    });
    // The catalog has the built-in tools too, and any member can read it.
    const forViewer = await catalog(viewerKey);
    expect(forViewer.status).toBe(200);
    expect(forViewer.body.tools).toContainEqual(
      expect.objectContaining({ name: "get_order", source: "built-in", risk: "read" }),
    );
    expect(forViewer.body.tools).toContainEqual(expect.objectContaining({ name: "crm__lookup" }));
    const [row] = await db.select().from(mcpServers).where(eq(mcpServers.name, "crm"));
    expect(row?.sealedHeaders).toMatch(/^v1\./);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA.id), eq(auditLog.action, "mcp_server.registered")));
    expect(audit?.details).toEqual({
      server: "crm",
      transport: "http",
      at: crm.url,
      headerNames: ["Authorization", "X-Team"],
      args: 0,
    });
  });

  it("keeps a tool it cannot offer with its problem, and gives a contested name to one tool only", async () => {
    const { status, body } = await register({ name: "docs", transport: "http", url: docs.url });
    expect(status).toBe(201);
    expect(body.refresh.tools).toBe(5);
    expect(body.refresh.problems).toEqual([
      'The tool "text_only" of docs cannot be offered: its input schema must have type "object" at the top, but has type "string".',
      `The tool "${MANGLED}" of docs cannot be offered: its name docs__${MANGLED} is taken by the tool "get.user" of the same server.`,
    ]);
    const docsTools = (await mcpEntries()).filter((t) => t.server === "docs");
    expect(docsTools.map((t) => [t.remote_name, t.name, t.problem !== null])).toEqual([
      ["archive", "docs__archive", false],
      ["get.user", `docs__${MANGLED}`, false],
      [MANGLED, null, true],
      ["search", "docs__search", false],
      ["text_only", "docs__text_only", true],
    ]);
    // A tool with a problem is never handed to the engine.
    const usable = await loadTenantMcpTools(db, tenantA.id);
    expect(usable.filter((t) => t.server.name === "docs").map((t) => t.name)).toEqual([
      "docs__archive",
      `docs__${MANGLED}`,
      "docs__search",
    ]);
  });

  it("registers a server that is down, with the reason and no tools, and refreshes it once it is up", async () => {
    const { status, body } = await register({
      name: "offline",
      transport: "http",
      url: downUrl,
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ tools: 0, refresh: { tools: 0, problems: [] } });
    expect(body.last_error).toBe(`The MCP server at ${downUrl} refused the connection.`);
    expect(body.refresh.last_error).toBe(body.last_error);
    // Fixed on the server side (here: pointed at a running server), a refresh lists its tools.
    await db.update(mcpServers).set({ url: crm.url }).where(eq(mcpServers.id, body.id));
    const refreshed = await refresh(body.id);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      tools: 5,
      last_error: null,
      server: { last_error: null, tools: 5 },
    });
    expect((await remove(body.id)).status).toBe(200);
  });

  it("refuses bad input with a readable message naming the field, and registers nothing", async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ name: "crm", transport: "http", url: crm.url }, 409, /^name: an MCP server named crm is already/],
      [{ name: "c__rm", transport: "http", url: crm.url }, 400, /^name: .*"__"/],
      [{ name: "9lives", transport: "http", url: crm.url }, 400, /^name: A server name is 1 to 32/],
      [{ transport: "http", url: crm.url }, 400, /^name: Name the server/],
      [{ name: "x", transport: "ftp" }, 400, /^transport: The transport must be "http" or "stdio"/],
      [{ name: "x", transport: "http" }, 400, /^url: Give the server's URL/],
      [{ name: "x", transport: "http", url: "ftp://host/mcp" }, 400, /^url: Only http and https/],
      [
        { name: "x", transport: "http", url: crm.url, command: "ls" },
        400,
        /An http server .* has no command/,
      ],
      [
        { name: "x", transport: "http", url: crm.url, headers: { Host: "a" } },
        400,
        /^headers: The header Host is set by Flightdeck/,
      ],
      [
        { name: "x", transport: "stdio", command: "/bin/sh", args: ["-c", "id"] },
        400,
        /^command: "\/bin\/sh" is not on/,
      ],
      [{ name: "x", transport: "stdio" }, 400, /^command: Give the server's command/],
      [{ name: "x\u0000", transport: "http", url: crm.url }, 400, /NUL/],
    ];
    for (const [body, status, message] of cases) {
      const result = await register(body);
      expect(result.status, result.text).toBe(status);
      expect(result.body.error.message, result.text).toMatch(message);
    }
    overrideMcpServerSettings({
      allowPrivateAddresses: false,
      stdioAllowList: [],
      secretsKey: "integration-test-secret-0123456789abcdef",
    });
    try {
      const stdio = await register({ name: "x", transport: "stdio", command: "/opt/mcp/allowed-server" });
      expect(stdio.status).toBe(400);
      expect(stdio.body.error.message).toMatch(/runs no stdio MCP servers .*FLIGHTDECK_MCP_STDIO/);
      const local = await register({ name: "x", transport: "http", url: crm.url });
      expect(local.status).toBe(400);
      expect(local.body.error).toMatchObject({
        field: "url",
        message: expect.stringMatching(/private address/),
      });
    } finally {
      overrideMcpServerSettings({
        allowPrivateAddresses: true,
        stdioAllowList: ["/opt/mcp/allowed-server"],
        secretsKey: "integration-test-secret-0123456789abcdef",
        connectTimeoutMs: 5_000,
      });
    }
    const names = (await listServers()).body.servers.map((s: { name: string }) => s.name);
    expect(names).toEqual(["crm", "docs"]);
  });

  it("registers an allow-listed stdio command, keeping its arguments out of the audit log", async () => {
    const { status, body } = await register({
      name: "local",
      transport: "stdio",
      command: "/opt/mcp/allowed-server",
      args: [ARG_TOKEN],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      transport: "stdio",
      url: null,
      header_names: [],
      args: [ARG_TOKEN],
      tools: 0,
    });
    expect(body.last_error).toBe(
      'The MCP server command "/opt/mcp/allowed-server" could not be started: the command was not found.',
    );
    expect((await remove(body.id)).status).toBe(200);
  });

  it("lets only admins manage servers and settings, and every member read the catalog", async () => {
    expect((await listServers(viewerKey)).status).toBe(403);
    expect((await register({ name: "v", transport: "http", url: crm.url }, viewerKey)).status).toBe(403);
    expect((await patch("crm__lookup", { risk: "read" }, viewerKey)).status).toBe(403);
    expect((await catalog(viewerKey)).status).toBe(200);
  });
});

describe("tool settings", () => {
  it("sets a tool's risk, idempotence and time-out, audited with from and to", async () => {
    const { status, body } = await patch("crm__lookup", {
      risk: "read",
      idempotent: true,
      timeout_ms: 5_000,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: "crm__lookup",
      risk: "read",
      idempotent: true,
      timeout_ms: 5_000,
      changed: ["risk", "idempotent", "timeout_ms"],
    });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA.id), eq(auditLog.action, "mcp_tool.settings_changed")));
    expect(audit).toMatchObject({ targetType: "mcp_tool", targetId: "crm__lookup" });
    expect(audit?.details).toEqual({
      tool: "crm__lookup",
      server: "crm",
      remoteName: "lookup",
      changes: {
        risk: { from: "write", to: "read" },
        idempotent: { from: false, to: true },
        timeoutMs: { from: 30_000, to: 5_000 },
      },
    });
    // The same again changes nothing and records nothing.
    expect((await patch("crm__lookup", { risk: "read" })).body.changed).toEqual([]);
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA.id), eq(auditLog.action, "mcp_tool.settings_changed")));
    expect(entries).toHaveLength(1);
    const [engine] = (await loadTenantMcpTools(db, tenantA.id)).filter((t) => t.name === "crm__lookup");
    expect(engine?.settings).toEqual({ risk: "read", idempotent: true, timeoutMs: 5_000 });
  });

  it("refuses bad settings with a readable message, never a 500", async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ["crm__lookup", { timeout_ms: 500 }, 400, /^timeout_ms: The time-out must be at least 1000 ms/],
      ["crm__lookup", { timeout_ms: 600_001 }, 400, /at most 600000 ms/],
      ["crm__lookup", { timeout_ms: 1.5 }, 400, /whole number/],
      ["crm__lookup", { risk: "maybe" }, 400, /^risk: The risk must be "read", "write" or "irreversible"/],
      ["crm__lookup", { idempotent: "yes" }, 400, /^idempotent: idempotent must be true or false/],
      ["crm__lookup", {}, 400, /at least one setting/],
      ["crm__lookup", { risk: "read", name: "x" }, 400, /has no name/],
      ["get_order", { risk: "write" }, 400, /built-in tool/],
      ["crm__nothing", { risk: "read" }, 404, /No MCP tool/],
    ];
    for (const [name, body, status, message] of cases) {
      const result = await patch(name, body);
      expect(result.status, result.text).toBe(status);
      expect(result.body.error.message, result.text).toMatch(message);
    }
  });
});

describe("refreshing", () => {
  it("removes a tool the server no longer lists and keeps the settings of the others", async () => {
    expect((await patch("docs__search", { risk: "irreversible" })).status).toBe(200);
    docsTools = docsTools.filter((t) => t.name !== "archive");
    const [server] = await db.select().from(mcpServers).where(eq(mcpServers.name, "docs"));
    const { status, body } = await refresh(server?.id ?? "");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      tools: 4,
      last_error: null,
      server: { name: "docs", tools: 4, problems: 2 },
    });
    const entries = (await mcpEntries()).filter((t) => t.server === "docs");
    expect(entries.map((t) => t.remote_name)).toEqual(["get.user", MANGLED, "search", "text_only"]);
    expect(entries.find((t) => t.remote_name === "search")).toMatchObject({ risk: "irreversible" });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, server?.id ?? ""), eq(auditLog.action, "mcp_server.refreshed")))
      .orderBy(auditLog.id)
      .limit(1)
      .offset(1);
    expect(audit?.details).toMatchObject({ server: "docs", tools: 4, added: [], removed: ["archive"] });
  });

  it("keeps a server's tools when it cannot be reached, saying why", async () => {
    const [server] = await db.select().from(mcpServers).where(eq(mcpServers.name, "crm"));
    const url = crm.url;
    await db
      .update(mcpServers)
      .set({ url: downUrl })
      .where(eq(mcpServers.id, server?.id ?? ""));
    try {
      const { body } = await refresh(server?.id ?? "");
      expect(body).toMatchObject({ tools: 5, last_error: expect.stringMatching(/refused the connection/) });
      expect((await mcpEntries()).find((t) => t.name === "crm__lookup")).toMatchObject({ risk: "read" });
    } finally {
      await db
        .update(mcpServers)
        .set({ url })
        .where(eq(mcpServers.id, server?.id ?? ""));
    }
    expect((await refresh(server?.id ?? "")).body.last_error).toBeNull();
  });
});

describe("tenants", () => {
  it("never shows, refreshes, deletes or changes another tenant's servers and tools", async () => {
    const [server] = await db.select().from(mcpServers).where(eq(mcpServers.name, "crm"));
    const id = server?.id ?? "";
    expect((await listServers(otherKey)).body.servers).toEqual([]);
    expect(await mcpEntries(otherKey)).toEqual([]);
    for (const result of [
      await refresh(id, otherKey),
      await remove(id, otherKey),
      await patch("crm__lookup", { risk: "irreversible" }, otherKey),
      await refresh("not-a-uuid", otherKey),
    ]) {
      expect(result.status, result.text).toBe(404);
      expect(result.text).not.toContain(id);
    }
    // Its own server of the same name has its own tools and settings.
    const own = await register({ name: "crm", transport: "http", url: crm.url }, otherKey);
    expect(own.status).toBe(201);
    expect((await patch("crm__lookup", { risk: "irreversible" }, otherKey)).status).toBe(200);
    expect((await mcpEntries(otherKey)).map((t) => t.name)).toEqual([
      "crm__create_note",
      "crm__fail",
      "crm__huge",
      "crm__lookup",
      "crm__sleep",
    ]);
    expect((await mcpEntries()).find((t) => t.name === "crm__lookup")).toMatchObject({ risk: "read" });
    const engineB = await loadTenantMcpTools(db, tenantB.id);
    expect(engineB.every((t) => t.server.id === own.body.id)).toBe(true);
    // Sealed headers are bound to their tenant: copied into B's row, they do not open there.
    await db
      .update(mcpServers)
      .set({ sealedHeaders: server?.sealedHeaders })
      .where(eq(mcpServers.id, own.body.id));
    expect(await loadTenantMcpTools(db, tenantB.id)).toEqual([]);
    const refreshed = await refresh(own.body.id, otherKey);
    expect(refreshed.body.last_error).toMatch(/^The headers of crm: The stored headers cannot be opened/);
    expect((await listServers(otherKey)).body.servers[0].header_names).toBeNull();
  });
});

describe("header values", () => {
  it("are handed to the engine only, opened, and appear in no answer, audit entry or stored column", async () => {
    const crmTools = (await loadTenantMcpTools(db, tenantA.id)).filter((t) => t.server.name === "crm");
    expect(crmTools).toHaveLength(5);
    expect(crmTools[0]?.server.config).toEqual({
      transport: "http",
      url: crm.url,
      headers: { Authorization: SECRET, "X-Team": TEAM_TOKEN },
    });
    answers.push(JSON.stringify((await listServers()).body));
    const audit = await db
      .select()
      .from(auditLog)
      .where(inArray(auditLog.tenantId, [tenantA.id, tenantB.id]));
    expect(audit.length).toBeGreaterThan(5);
    const stored = [...(await db.select().from(mcpServers)), ...(await db.select().from(mcpTools))];
    const texts = [...answers, JSON.stringify(audit), JSON.stringify(stored)];
    for (const text of texts) {
      expect(text).not.toContain("sk-live-7f3a9c1e5d2b4a6f8e0c");
      expect(text).not.toContain(TEAM_TOKEN);
    }
    expect(JSON.stringify(audit)).not.toContain(ARG_TOKEN);
  });
});

describe("deleting", () => {
  it("removes a server and its tools, naming the agents that listed them", async () => {
    const [server] = await db.select().from(mcpServers).where(eq(mcpServers.name, "docs"));
    await db.insert(agents).values({
      tenantId: tenantA.id,
      name: "docs-helper",
      model: "sim:default",
      instructions: "Search the docs.",
      tools: ["docs__search", "get_order"],
    });
    const { status, body } = await remove(server?.id ?? "");
    expect(status).toBe(200);
    expect(body).toMatchObject({ name: "docs", tools: 4, used_by: ["docs-helper"] });
    expect((await mcpEntries()).filter((t) => t.server === "docs")).toEqual([]);
    expect(
      await db
        .select()
        .from(mcpTools)
        .where(eq(mcpTools.serverId, server?.id ?? "")),
    ).toEqual([]);
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA.id), eq(auditLog.action, "mcp_server.deleted")))
      .orderBy(auditLog.id);
    expect(audit).toBeDefined();
    expect((await remove(server?.id ?? "")).status).toBe(404);
  });
});
