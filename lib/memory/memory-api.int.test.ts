import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as item from "@/app/api/v1/agents/[id]/memory/[key]/route";
import * as list from "@/app/api/v1/agents/[id]/memory/route";
import { auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { createApiKey } from "@/lib/api-keys/api-keys";
import { seedDemoBusiness } from "@/lib/demo/seed-demo";
import { getMemoryItem, listMemoryItems } from "./agent-memory";
import { writeMemory } from "./store";

const { db } = await createTestDatabase();
const tenant = await createTenant(db, "Memory API Co");
await seedDemoBusiness(db, tenant.id);
const admin = await createMember(db, tenant, "admin");
const keyOf = async (role: "viewer" | "operator" | "admin") =>
  (await createApiKey(db, admin, { name: `${role} key`, role })).key;
const viewerKey = await keyOf("viewer");
const operatorKey = await keyOf("operator");
const other = await createTenant(db);
await seedDemoBusiness(db, other.id);
const strangerKey = (
  await createApiKey(db, await createMember(db, other, "admin"), { name: "stranger", role: "admin" })
).key;

const AGENT = "support-triage";
const call = (
  handler: (request: Request, context: { params: Promise<never> }) => Promise<Response>,
  key: string,
  params: Record<string, string>,
  init: { method?: string; query?: string; body?: unknown; raw?: string } = {},
) =>
  handler(
    new Request(`http://localhost/api/v1/agents/x/memory${init.query ? `?${init.query}` : ""}`, {
      method: init.method ?? "GET",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    }),
    { params: Promise.resolve(params) as Promise<never> },
  );
const put = (key: string, memoryKey: string, body: unknown, agent = AGENT) =>
  call(item.PUT, key, { id: agent, key: memoryKey }, { method: "PUT", body });

const fromRun = (runId: string) => ({ kind: "run" as const, runId, seq: 3, toolCallId: "c1" });

describe("/api/v1/agents/{name}/memory", () => {
  it("lets an operator write versions and read them back with who wrote each, audited", async () => {
    await writeMemory(db, {
      tenantId: tenant.id,
      agentName: AGENT,
      sessionKey: "",
      key: "customer:C-1001:channel",
      value: { channel: "email", address: "jane@example.com" },
      untrusted: true,
      source: fromRun("00000000-0000-4000-8000-000000000001"),
    });
    const edited = await put(operatorKey, "customer:C-1001:channel", {
      value: { channel: "phone" },
      expected_version: 1,
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      key: "customer:C-1001:channel",
      scope: "agent",
      version: 2,
      untrusted: false,
      source: { kind: "operator", actor_type: "api_key", label: "API key operator key" },
    });

    const read = await call(item.GET, operatorKey, { id: AGENT, key: "customer:C-1001:channel" });
    const detail = await read.json();
    expect(detail.item.value).toEqual({ channel: "phone" });
    expect(
      detail.versions.map((v: { version: number; untrusted: boolean }) => [v.version, v.untrusted]),
    ).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(detail.versions[1].source).toEqual({
      kind: "run",
      run_id: "00000000-0000-4000-8000-000000000001",
      seq: 3,
      tool_call_id: "c1",
    });

    const stale = await put(operatorKey, "customer:C-1001:channel", { value: "x", expected_version: 1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toMatch(/version 2 now/);

    const audited = await db
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.id), eq(auditLog.action, "memory.written")));
    expect(audited).toEqual([
      {
        action: "memory.written",
        details: { agent: AGENT, key: "customer:C-1001:channel", session: null, version: 2 },
      },
    ]);
  });

  it("shows viewers the items with their values' text redacted, and refuses them writes", async () => {
    await put(operatorKey, "viewer:check", { value: { email: "sam@example.com", count: 3 } });
    const seen = await call(list.GET, viewerKey, { id: AGENT }, { query: "prefix=viewer:" });
    expect(seen.status).toBe(200);
    const { items } = await seen.json();
    expect(items).toHaveLength(1);
    expect(items[0].value).toEqual({ email: "[redacted]", count: 3 });
    const detail = await (await call(item.GET, viewerKey, { id: AGENT, key: "viewer:check" })).json();
    expect(JSON.stringify(detail)).not.toContain("sam@example.com");

    expect((await put(viewerKey, "viewer:check", { value: 1 })).status).toBe(403);
    const del = await call(item.DELETE, viewerKey, { id: AGENT, key: "viewer:check" }, { method: "DELETE" });
    expect(del.status).toBe(403);
  });

  it("pages the list newest first, filters by scope and session, and deletes keeping the history", async () => {
    for (const n of [1, 2, 3]) await put(operatorKey, `page:${n}`, { value: n });
    await put(operatorKey, "page:s", { value: "in a session", session: "case-9" });
    const first = await (
      await call(list.GET, operatorKey, { id: AGENT }, { query: "prefix=page:&limit=2" })
    ).json();
    expect(first.items.map((i: { key: string }) => i.key)).toEqual(["page:s", "page:3"]);
    const second = await (
      await call(
        list.GET,
        operatorKey,
        { id: AGENT },
        { query: `prefix=page:&limit=2&cursor=${first.next_cursor}` },
      )
    ).json();
    expect(second.items.map((i: { key: string }) => i.key)).toEqual(["page:2", "page:1"]);
    expect(second.next_cursor).toBeNull();
    const sessions = await (
      await call(list.GET, operatorKey, { id: AGENT }, { query: "prefix=page:&scope=session" })
    ).json();
    expect(sessions.items).toMatchObject([{ key: "page:s", scope: "session", session: "case-9" }]);

    const gone = await call(item.DELETE, operatorKey, { id: AGENT, key: "page:2" }, { method: "DELETE" });
    expect(gone.status).toBe(200);
    expect((await call(item.GET, operatorKey, { id: AGENT, key: "page:2" })).status).toBe(404);
    const again = await call(item.DELETE, operatorKey, { id: AGENT, key: "page:2" }, { method: "DELETE" });
    expect(again.status).toBe(404);
    const back = await (await put(operatorKey, "page:2", { value: "back" })).json();
    expect(back.version).toBe(3);
    const history = await (await call(item.GET, operatorKey, { id: AGENT, key: "page:2" })).json();
    expect(history.versions.map((v: { deleted: boolean }) => v.deleted)).toEqual([false, true, false]);
  });

  it("answers 404 to another tenant and for an unknown agent, without touching the memory", async () => {
    await put(operatorKey, "secret:one", { value: "only ours" });
    expect((await call(item.GET, operatorKey, { id: "no-such-agent", key: "secret:one" })).status).toBe(404);
    // The stranger's own support-triage has no such key; by our agent's name it reads its own.
    expect((await call(item.GET, strangerKey, { id: AGENT, key: "secret:one" })).status).toBe(404);
    const theirs = await (await call(list.GET, strangerKey, { id: AGENT })).json();
    expect(JSON.stringify(theirs)).not.toContain("only ours");
    expect((await put(strangerKey, "secret:one", { value: "overwritten" })).status).toBe(200);
    const ours = await (await call(item.GET, operatorKey, { id: AGENT, key: "secret:one" })).json();
    expect(ours.item.value).toBe("only ours");
  });

  it("refuses bad input with a clear 400", async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10; i++) deep = [deep];
    const cases: [string, unknown, RegExp][] = [
      ["bad key/", { value: 1 }, /key/],
      ["has space", { value: 1 }, /key/],
      ["ok", {}, /value/],
      ["ok", { value: "x".repeat(17_000) }, /at most 16384/],
      ["ok", { value: deep }, /deeper than 8/],
      ["ok", { value: 1, session: "" }, /session/],
    ];
    for (const [key, body, message] of cases) {
      const response = await put(operatorKey, key, body);
      expect(response.status, `${key} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect((await response.json()).error.message).toMatch(message);
    }
    const nul = await call(
      item.PUT,
      operatorKey,
      { id: AGENT, key: "ok" },
      { method: "PUT", raw: '{"value": {"a": "x\\u0000y"}}' },
    );
    expect(nul.status).toBe(400);
    const badQuery = await call(list.GET, operatorKey, { id: AGENT }, { query: "limit=1000" });
    expect(badQuery.status).toBe(400);
    const badCursor = await call(list.GET, operatorKey, { id: AGENT }, { query: "cursor=nope" });
    expect(badCursor.status).toBe(400);
  });

  it("answers a NUL in an agent, a key or a session as nothing found, never as a database error", async () => {
    const viewer = await createMember(db, tenant, "viewer");
    await expect(getMemoryItem(db, viewer, AGENT, "a\u0000b")).rejects.toMatchObject({ code: "not_found" });
    await expect(getMemoryItem(db, viewer, AGENT, "plan", "s\u0000")).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getMemoryItem(db, viewer, "a\u0000b", "plan")).rejects.toMatchObject({ code: "not_found" });
    await expect(
      listMemoryItems(db, viewer, AGENT, { scope: "session", session: "s\u0000" }),
    ).rejects.toThrow(/NUL/);
  });
});
