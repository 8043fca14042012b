import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "@/db/testing/test-database";
import {
  demoTenant,
  fixedModel,
  runToEnd,
  testEngine,
  toolCallTurn,
} from "@/lib/runtime/testing/engine-harness";
import { toolUsage } from "./tool-usage";

const { db } = await createTestDatabase();

describe("tool usage", () => {
  it("counts each tool's calls, failures and durations in the tenant's own runs only", async () => {
    const { operator } = await demoTenant(db);
    const engine = testEngine(db, {
      resolveModel: fixedModel(
        new MockLanguageModelV4({
          doGenerate: [
            toolCallTurn("a", "get_ticket", { ticket_id: "T-1001" }),
            toolCallTurn("b", "get_ticket", { ticket_id: "T-1002" }),
            toolCallTurn("c", "get_order", { order_id: "O-0000" }),
            toolCallTurn("d", "get_order", { order_id: "O-5001" }),
            toolCallTurn("fin", "finish_run", { answer: "Looked both up." }),
          ],
        }),
      ),
    });
    const run = await runToEnd(db, engine, operator, { agent: "support-triage", input: "Look T-1001 up" });
    expect(run.status).not.toBe("failed");

    const figures = await toolUsage(db, operator);
    expect(figures.get("get_ticket")).toMatchObject({ calls: 2, errors: 0, errorRate: 0 });
    // An order that does not exist is the tool's error.
    expect(figures.get("get_order")).toMatchObject({ calls: 2, errors: 1, errorRate: 0.5 });
    expect(figures.get("get_ticket")?.p95Ms).toBeGreaterThanOrEqual(figures.get("get_ticket")?.p50Ms ?? 0);

    const other = await demoTenant(db);
    expect((await toolUsage(db, other.operator)).size).toBe(0);
  });
});
