import { describe, expect, it } from "vitest";
import { createSimulatorModel } from "./index";
import { drive, fakeWorld, supportTools } from "./test-harness";

describe("simulator support-triage plan", () => {
  it("reads, checks, refunds within policy, emails, resolves, then reports with ids", async () => {
    const { turns, calls } = await drive(
      createSimulatorModel("default"),
      supportTools,
      "Resolve ticket T-1004",
    );
    expect(calls.map(([name]) => name)).toEqual([
      "get_ticket",
      "get_order",
      "issue_refund",
      "send_email",
      "update_ticket",
    ]);
    expect(calls[0]?.[1]).toEqual({ ticket_id: "T-1004" });
    expect(calls[1]?.[1]).toEqual({ order_id: "O-5004" });
    expect(calls[2]?.[1]).toEqual({
      order_id: "O-5004",
      amount_usd: 120,
      reason: "Refund requested in T-1004",
    });
    expect(calls[3]?.[1]).toMatchObject({
      to: "maria.lopez@example.com",
      subject: "About your ticket T-1004",
    });
    expect(calls[4]?.[1]).toMatchObject({ ticket_id: "T-1004", status: "resolved" });
    expect((calls[4]?.[1] ?? {}) as { note?: string }).toMatchObject({
      note: expect.stringContaining("ledger L-3"),
    });

    expect(turns[0]?.text).toMatch(/Reading ticket T-1004/);
    expect(turns[0]?.finishReason).toBe("tool-calls");
    const last = turns.at(-1);
    expect(last?.finishReason).toBe("stop");
    expect(last?.call).toBeUndefined();
    expect(last?.text).toContain("Refunded $120.00 on O-5004 (ledger L-3");
    expect(last?.text).toContain("Emailed maria.lopez@example.com (outbox OB-4");
    expect(last?.text).toContain("Ticket T-1004 set to resolved (was open)");
  });

  it("does not refund more than is left on the order and leaves the ticket pending", async () => {
    const { turns, calls } = await drive(
      createSimulatorModel("default"),
      supportTools,
      "Please handle T-1006",
    );
    expect(calls.map(([name]) => name)).toEqual(["get_ticket", "get_order", "send_email", "update_ticket"]);
    expect(calls[3]?.[1]).toMatchObject({ status: "pending" });
    expect(turns.at(-1)?.text).toMatch(/Did not refund: the ticket asks for \$250\.00 but only \$200\.00/);
  });

  it("answers a non-refund ticket without refunding", async () => {
    const { calls } = await drive(createSimulatorModel("default"), supportTools, "T-1002");
    expect(calls.map(([name]) => name)).toEqual(["get_ticket", "get_order", "send_email", "update_ticket"]);
    expect(calls[3]?.[1]).toMatchObject({ status: "resolved" });
  });

  it("acknowledges an error result and goes on where it makes sense", async () => {
    const world = (name: string, input: Record<string, unknown>, seq: number) =>
      name === "issue_refund" ? { error: "refunds are paused" } : fakeWorld(name, input, seq);
    const { turns, calls } = await drive(createSimulatorModel("default"), supportTools, "T-1004", 12, world);
    expect(calls.map(([name]) => name)).toEqual([
      "get_ticket",
      "get_order",
      "issue_refund",
      "send_email",
      "update_ticket",
    ]);
    expect(calls[4]?.[1]).toMatchObject({ status: "pending" });
    expect(turns.at(-1)?.text).toMatch(/issue_refund .* failed: refunds are paused/);
    expect(turns.at(-1)?.text).not.toContain("Refunded $");
  });

  it("leaves an already closed ticket that asks for nothing alone", async () => {
    const world = (name: string, input: Record<string, unknown>, seq: number) =>
      name === "get_ticket"
        ? { ...fakeWorld(name, input, seq), status: "closed" }
        : fakeWorld(name, input, seq);
    const { turns, calls } = await drive(createSimulatorModel("default"), supportTools, "T-1002", 12, world);
    expect(calls.map(([name]) => name)).toEqual(["get_ticket"]);
    expect(turns.at(-1)?.text).toMatch(/already closed/);
  });

  it("stops with an explanation when the ticket cannot be read", async () => {
    const { turns, calls } = await drive(createSimulatorModel("default"), supportTools, "Resolve T-4040");
    expect(calls.map(([name]) => name)).toEqual(["get_ticket"]);
    expect(turns.at(-1)?.text).toMatch(/Could not read ticket T-4040 \(Ticket T-4040 not found\)/);
  });
});
