import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openPostgres } from "@/db/open-postgres";
import { demoOutbox, demoTickets } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEFAULT_RESILIENCE } from "@/lib/resilience/settings";
import { startRun } from "@/lib/runs/start-run";
import { updateTicket } from "@/lib/tools/demo/update-ticket";
import { toolAsTarget } from "@/lib/tools/policy-target";
import type { AnyTool } from "@/lib/tools/types";
import { LeaseLostError } from "./lease";
import { demoTenant } from "./testing/engine-harness";
import { executeTool, SETTLE_GRACE_MS, ToolOutcomeUnknownError } from "./tool-step";

const database = await createTestDatabase();
const { db } = database;
const resilience = { ...DEFAULT_RESILIENCE, baseDelayMs: 5, maxDelayMs: 10 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const run = (tool: AnyTool, tenantId: string, args: unknown, signal = new AbortController().signal) =>
  executeTool({
    db,
    tool,
    call: { toolCallId: "c1", toolName: tool.name, input: args },
    args,
    tenantId,
    runId: "00000000-0000-4000-8000-000000000001",
    idempotencyKey: `key-${Math.random()}`,
    signal,
    appBaseUrl: "http://127.0.0.1:1",
    resilience,
  });

describe("a write that runs out of time", () => {
  it("is rolled back by PostgreSQL before the tool's timeout, and never lands later without a receipt", async () => {
    const { tenantId } = await demoTenant(db);
    const quick = { ...updateTicket, timeoutMs: 600 } as AnyTool;
    // Another session holds the ticket's row, as a slow operator's transaction would.
    const holder = openPostgres(database.url, { max: 1, onnotice: () => {} });
    let release: () => void = () => {};
    const held = holder.begin(async (tx) => {
      await tx`select 1 from demo_tickets where tenant_id = ${tenantId} and id = 'T-1004' for update`;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    await sleep(100);
    try {
      const result = await run(quick, tenantId, { ticket_id: "T-1004", status: "resolved", note: "done" });
      expect(result.payload.status).toBe("error");
      expect(result.payload.receipt).toBeNull();
    } finally {
      release();
      await held;
      await holder.end();
    }
    await sleep(300);
    const [ticket] = await db
      .select()
      .from(demoTickets)
      .where(and(eq(demoTickets.tenantId, tenantId), eq(demoTickets.id, "T-1004")));
    expect(ticket?.status).not.toBe("resolved");
  });

  it("that commits after its timeout fired counts, with its receipt: the engine waited for it", async () => {
    const { tenantId } = await demoTenant(db);
    const late: AnyTool = {
      name: "late_mail",
      policy: toolAsTarget("late_mail"),
      version: 1,
      description: "test",
      input: z.object({}),
      risk: () => "irreversible",
      timeoutMs: 200,
      idempotent: false,
      async execute(_args, ctx) {
        await sleep(500);
        const [mail] = await ctx.db
          .insert(demoOutbox)
          .values({
            tenantId: ctx.tenantId,
            to: "a@example.test",
            subject: "late",
            body: "x",
            deliverAfter: new Date(),
            idempotencyKey: ctx.idempotencyKey,
          })
          .returning();
        return { output: { id: mail?.id }, receipt: { outbox_id: mail?.id } };
      },
    };
    const result = await run(late, tenantId, {});
    expect(result.payload.status).toBe("ok");
    const outbox = await db.select().from(demoOutbox).where(eq(demoOutbox.tenantId, tenantId));
    expect(result.payload.receipt).toEqual({ outbox_id: outbox[0]?.id });
    expect(outbox).toHaveLength(1);
  });

  it("that does not settle even after the grace is an unknown outcome, never a plain failure", async () => {
    const { tenantId } = await demoTenant(db);
    const stuck: AnyTool = {
      name: "stuck_write",
      policy: toolAsTarget("stuck_write"),
      version: 1,
      description: "test",
      input: z.object({}),
      risk: () => "write",
      timeoutMs: 100,
      idempotent: true,
      execute: () => new Promise(() => {}),
    };
    const started = Date.now();
    await expect(run(stuck, tenantId, {})).rejects.toBeInstanceOf(ToolOutcomeUnknownError);
    // One attempt only: an idempotent retry would have started while the first was still running.
    expect(Date.now() - started).toBeLessThan(SETTLE_GRACE_MS * 2);
  }, 20_000);

  it("is rolled back when its process lost the run meanwhile (frozen past its lease), so it cannot land unreceipted", async () => {
    const { tenantId, operator } = await demoTenant(db);
    const queued = await startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004" });
    const takeover = openPostgres(database.url, { max: 1, onnotice: () => {} });
    const frozen: AnyTool = {
      name: "frozen_mail",
      policy: toolAsTarget("frozen_mail"),
      version: 1,
      description: "test",
      input: z.object({}),
      risk: () => "irreversible",
      timeoutMs: 5_000,
      idempotent: true,
      async execute(_args, ctx) {
        await ctx.db.insert(demoOutbox).values({
          tenantId: ctx.tenantId,
          to: "frozen@example.test",
          subject: "frozen",
          body: "x",
          deliverAfter: new Date(),
          idempotencyKey: ctx.idempotencyKey,
        });
        // While this process was frozen, another one took the run over.
        await takeover`update runs set fencing_token = fencing_token + 1 where id = ${queued.id}`;
        return { output: {}, receipt: { to: "frozen@example.test" } };
      },
    };
    try {
      await expect(
        executeTool({
          db,
          tool: frozen,
          call: { toolCallId: "c1", toolName: frozen.name, input: {} },
          args: {},
          tenantId,
          runId: queued.id,
          idempotencyKey: "frozen-key",
          signal: new AbortController().signal,
          appBaseUrl: "http://127.0.0.1:1",
          resilience,
          fencingToken: queued.fencingToken,
        }),
      ).rejects.toBeInstanceOf(LeaseLostError);
    } finally {
      await takeover.end();
    }
    const mails = await db.select().from(demoOutbox).where(eq(demoOutbox.idempotencyKey, "frozen-key"));
    expect(mails).toEqual([]);
  });
});
