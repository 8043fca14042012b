import type { LanguageModelV4GenerateResult } from "@ai-sdk/provider";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { MockLanguageModelV4 } from "ai/test";
import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { approvals, receipts, runs } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { createAgent } from "@/lib/agents/create-agent";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { updateMcpToolSettings } from "@/lib/mcp-servers/catalog";
import { registerMcpServer } from "@/lib/mcp-servers/servers";
import { startRun } from "@/lib/runs/start-run";
import { closeMcpConnections } from "@/lib/tools/mcp/pool";
import { overrideMcpServerSettings } from "@/lib/tools/mcp/settings";
import { startHttpMcpServer } from "@/lib/tools/mcp/testing/http-server";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { executeRun } from "./execute-run";
import { claimNextRun } from "./lease";
import { demoTenant, fixedModel, runToEnd, testEngine, toolCallTurn } from "./testing/engine-harness";

const { db } = await createTestDatabase();

// The team's own MCP server: a read, a write that counts what it did, and a write that hangs.
const notes: string[] = [];
let hangsStarted = 0;
const teamServer = () => {
  const server = new McpServer({ name: "team-notes", version: "1.0.0" });
  server.registerTool(
    "lookup",
    { description: "Looks a customer up by id.", inputSchema: { id: z.string().min(1) } },
    async ({ id }) => ({ content: [{ type: "text", text: `Customer ${id}: Ada Lovelace, gold tier.` }] }),
  );
  server.registerTool(
    "create_note",
    { description: "Creates a note on a customer.", inputSchema: { customer: z.string(), text: z.string() } },
    async ({ customer, text }) => {
      notes.push(`${customer}: ${text}`);
      return { content: [{ type: "text", text: `Note N-${notes.length} created.` }] };
    },
  );
  server.registerTool(
    "hang",
    { description: "Never answers in time.", inputSchema: { ms: z.number() } },
    async ({ ms }) => {
      hangsStarted++;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { content: [{ type: "text", text: "late" }] };
    },
  );
  return server;
};
const http = await startHttpMcpServer(teamServer);
overrideMcpServerSettings({ allowPrivateAddresses: true, secretsKey: "s".repeat(40) });
afterAll(async () => {
  overrideMcpServerSettings(null);
  await closeMcpConnections();
  await http.close();
});

const call = toolCallTurn;
const scripted = (...turns: LanguageModelV4GenerateResult[]) =>
  testEngine(db, { resolveModel: fixedModel(new MockLanguageModelV4({ doGenerate: turns })) });

async function teamWithServer() {
  const { operator, tenantId } = await demoTenant(db);
  const admin = { ...operator, role: "admin" as const };
  const { refresh } = await registerMcpServer(db, admin, { name: "notes", transport: "http", url: http.url });
  expect(refresh.problems).toEqual([]);
  await updateMcpToolSettings(db, admin, "notes__lookup", { risk: "read", idempotent: true });
  await updateMcpToolSettings(db, admin, "notes__hang", { timeoutMs: 1_000 });
  forgetTenantTools(tenantId);
  await createAgent(db, admin, {
    name: "note-taker",
    model: "sim:default",
    instructions: "Look the customer up, then note what was asked.",
    tools: ["notes__lookup", "notes__create_note", "notes__hang"],
    dryRun: false,
  });
  return { operator, tenantId };
}

describe("tools from a team's own MCP server", () => {
  it("are called under the same envelope: validated, decided by policy, approved, executed once, receipted", async () => {
    const { operator, tenantId } = await teamWithServer();
    const engine = scripted(
      call("c1", "notes__lookup", { id: "C-1" }),
      call("c2", "notes__create_note", { customer: "C-1" }),
      call("c3", "notes__create_note", { customer: "C-1", text: "Prefers email." }),
      call("fin", "finish_run", { answer: "Noted: C-1 prefers email." }),
    );
    const parked = await runToEnd(db, engine, operator, {
      agent: "note-taker",
      input: "Note that C-1 prefers email",
    });
    // The read ran at once; the invalid call never reached the server; the write waits for a person.
    expect(parked.status).toBe("waiting_approval");
    expect(notes).toEqual([]);
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    expect(request).toMatchObject({ toolName: "notes__create_note", risk: "write", status: "pending" });

    await decideApproval(
      db,
      operator,
      request?.id ?? "",
      { decision: "approve", comment: "OK" },
      "http://127.0.0.1:9",
    );
    const claimed = await claimNextRun(db, engine.owner, 30);
    if (claimed) await executeRun(engine, claimed, new AbortController().signal);
    const [done] = await db.select().from(runs).where(eq(runs.id, parked.id));
    expect(done, done?.error ?? "").toMatchObject({ status: "succeeded", stopReason: "completed" });
    expect(notes).toEqual(["C-1: Prefers email."]);
    const [receipt] = await db
      .select()
      .from(receipts)
      .where(and(eq(receipts.tenantId, tenantId), eq(receipts.tool, "notes__create_note")));
    expect(receipt?.content.receipt).toMatchObject({
      server: "notes",
      tool: "create_note",
      args_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      result_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      truncated: false,
    });
  });

  it("park a write that got no answer in time for a person to reconcile, never a plain failure", async () => {
    const { operator } = await teamWithServer();
    const engine = scripted(call("c1", "notes__hang", { ms: 5_000 }));
    const parked = await runToEnd(db, engine, operator, { agent: "note-taker", input: "Hang" });
    // A write without rules of its own first waits for approval; approved, it times out unanswered.
    const [request] = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    await decideApproval(
      db,
      operator,
      request?.id ?? "",
      { decision: "approve", comment: "go" },
      "http://127.0.0.1:9",
    );
    const claimed = await claimNextRun(db, engine.owner, 30);
    if (claimed) await executeRun(engine, claimed, new AbortController().signal);
    const [after] = await db.select().from(runs).where(eq(runs.id, parked.id));
    expect(after?.status, `${after?.stopReason}: ${after?.error}`).toBe("waiting_approval");
    const requests = await db.select().from(approvals).where(eq(approvals.runId, parked.id));
    expect(requests.map((r) => [r.kind, r.toolName, r.status])).toEqual([
      ["approval", "notes__hang", "approved"],
      ["reconcile", "notes__hang", "pending"],
    ]);
  }, 20_000);

  it.each([
    { risk: "read", outcome: "ends killed at once, the call aborted" },
    {
      risk: "write",
      outcome: "ends killed, and the write's unknown outcome waits for a person to reconcile",
    },
  ] as const)(
    "under a kill during an in-flight $risk: $outcome",
    async ({ risk }) => {
      const { operator } = await teamWithServer();
      const admin = { ...operator, role: "admin" as const };
      await updateMcpToolSettings(db, admin, "notes__hang", { risk, timeoutMs: 20_000 });
      const engine = scripted(call("c1", "notes__hang", { ms: 15_000 }));
      const queued = await startRun(db, operator, { agent: "note-taker", input: "Hang" });
      let run = await claimNextRun(db, engine.owner, 30);
      if (risk === "write") {
        // A write without rules of its own is approved first; the approved call then hangs.
        await executeRun(engine, run ?? queued, new AbortController().signal);
        const [request] = await db.select().from(approvals).where(eq(approvals.runId, queued.id));
        await decideApproval(db, operator, request?.id ?? "", { decision: "approve" }, engine.appBaseUrl);
        run = await claimNextRun(db, engine.owner, 30);
      }
      const started = Date.now();
      const before = hangsStarted;
      const driving = executeRun(engine, run ?? queued, new AbortController().signal);
      // Once the server is working on the call, the run is killed.
      while (hangsStarted === before) await new Promise((r) => setTimeout(r, 20));
      await engageKillSwitch(db, operator, { scope: "run", target: queued.id, reason: "stop the hang" });
      await driving;
      // Well before the server would have answered: the call was aborted, not waited for.
      expect(Date.now() - started).toBeLessThan(10_000);
      const [after] = await db.select().from(runs).where(eq(runs.id, queued.id));
      expect(after).toMatchObject({ status: "killed", stopReason: "killed" });
      expect(after?.error).toContain("stop the hang");
      const reconcile = await db
        .select()
        .from(approvals)
        .where(and(eq(approvals.runId, queued.id), eq(approvals.kind, "reconcile")));
      expect(reconcile.map((r) => [r.toolName, r.status])).toEqual(
        risk === "write" ? [["notes__hang", "pending"]] : [],
      );
      if (risk === "write") {
        // The run stays killed: the call can be settled (it happened, or not), never retried.
        const id = reconcile[0]?.id ?? "";
        await expect(
          decideApproval(db, operator, id, { decision: "approve" }, engine.appBaseUrl),
        ).rejects.toThrow("cannot be retried");
        await decideApproval(
          db,
          operator,
          id,
          { decision: "mark_done", comment: "It happened" },
          engine.appBaseUrl,
        );
        const [still] = await db.select().from(runs).where(eq(runs.id, queued.id));
        expect(still?.status).toBe("killed");
      }
    },
    30_000,
  );
});
