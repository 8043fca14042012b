import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { agentSnapshots } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { startRun } from "@/lib/runs/start-run";
import { demoTenant } from "@/lib/runtime/testing/engine-harness";
import { agentSnapshotOf } from "./agent-snapshots";

const { db } = await createTestDatabase();

describe("agent snapshots", () => {
  it("are stored once per tenant and content, and are read only by their own tenant", async () => {
    const { operator, tenantId } = await demoTenant(db);
    const start = (limits?: { maxSteps: number }) =>
      startRun(db, operator, { agent: "support-triage", input: "Resolve ticket T-1004", limits });
    const first = await start();
    const second = await start();
    const tighter = await start({ maxSteps: 5 });

    expect(second.agentSnapshotHash).toBe(first.agentSnapshotHash);
    expect(tighter.agentSnapshotHash).not.toBe(first.agentSnapshotHash);
    const stored = await db.select().from(agentSnapshots).where(eq(agentSnapshots.tenantId, tenantId));
    expect(stored).toHaveLength(2);
    expect(await agentSnapshotOf(db, tenantId, tighter.agentSnapshotHash)).toMatchObject({ maxSteps: 5 });

    // Another tenant with the very same agent settings has its own row, and cannot read this one's.
    const other = await demoTenant(db);
    const theirs = await startRun(db, other.operator, {
      agent: "support-triage",
      input: "Resolve ticket T-1004",
    });
    expect(theirs.agentSnapshotHash).toBe(first.agentSnapshotHash);
    expect(
      await db.select().from(agentSnapshots).where(eq(agentSnapshots.tenantId, other.tenantId)),
    ).toHaveLength(1);
    await expect(agentSnapshotOf(db, other.tenantId, tighter.agentSnapshotHash)).rejects.toThrow(/missing/);
  });
});
