import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { createMember, createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { auditFilterChoices } from "./filter-choices";
import { listAuditEntries } from "./list-audit";
import { recordAudit } from "./record-audit";

const { db } = await createTestDatabase();

// Drizzle wraps the database error; PostgreSQL's own message is the cause.
const refusedAsAppendOnly = (error: unknown) =>
  /append-only/.test(String((error as { cause?: Error }).cause?.message ?? (error as Error).message));

describe("audit log", () => {
  it("refuses updates and deletes", async () => {
    const tenant = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    await recordAudit(db, admin, { action: "test.done" });
    await expect(
      db.update(auditLog).set({ action: "forged" }).where(eq(auditLog.tenantId, tenant.id)),
    ).rejects.toSatisfy(refusedAsAppendOnly);
    await expect(db.delete(auditLog).where(eq(auditLog.tenantId, tenant.id))).rejects.toSatisfy(
      refusedAsAppendOnly,
    );
    await expect(db.execute(sql`truncate audit_log`)).rejects.toSatisfy(refusedAsAppendOnly);
  });

  it("pages newest first without gaps or repeats, filters, and keeps tenants apart", async () => {
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const stranger = await createMember(db, other, "admin");
    for (let i = 0; i < 7; i++)
      await recordAudit(db, admin, { action: i % 2 ? "member.x" : "api_key.y", details: { i } });
    await recordAudit(db, stranger, { action: "member.secret" });

    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEntries(db, admin, { limit: 3, cursor });
      seen.push(...page.entries.map((e) => Number(e.details.i)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);

    const members = await listAuditEntries(db, admin, { action: "member." });
    expect(members.entries.map((e) => e.details.i)).toEqual([5, 3, 1]);
    await expect(listAuditEntries(db, admin, { cursor: "garbage" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const viewer = await createMember(db, tenant, "viewer");
    await expect(listAuditEntries(db, viewer, {})).rejects.toMatchObject({ code: "forbidden" });
  });

  it("filters by who acted and by target, and lists the actions and actors the log holds", async () => {
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    const admin = await createMember(db, tenant, "admin");
    const operator = await createMember(db, tenant, "operator");
    const stranger = await createMember(db, other, "admin");
    await recordAudit(db, admin, { action: "agent.updated", targetType: "agent", targetId: "a-1" });
    await recordAudit(db, operator, { action: "run.started", targetType: "run", targetId: "r-1" });
    await recordAudit(db, operator, {
      action: "approval.approved",
      targetType: "approval",
      targetId: "ap-1",
      details: { run_id: "r-1" },
    });
    await recordAudit(db, operator, { action: "run.killed", targetType: "run", targetId: "r-1" });
    await recordAudit(db, operator, { action: "run.started", targetType: "run", targetId: "r-2" });
    await recordAudit(db, stranger, { action: "secret.done", targetType: "run", targetId: "r-1" });

    const aboutRun = await listAuditEntries(db, admin, { target: "r-1" });
    // A run's entries include its approvals', which name it in their details.
    expect(aboutRun.entries.map((e) => e.action)).toEqual(["run.killed", "approval.approved", "run.started"]);
    const byAdmin = await listAuditEntries(db, admin, { actor: admin.label });
    expect(byAdmin.entries.map((e) => e.action)).toEqual(["agent.updated"]);
    // The label must match whole: a part of an email is not a person.
    expect((await listAuditEntries(db, admin, { actor: admin.label.slice(1) })).entries).toEqual([]);

    expect(await auditFilterChoices(db, admin)).toEqual({
      actions: ["agent.updated", "approval.approved", "run.killed", "run.started"],
      actors: [admin.label, operator.label].sort(),
    });
    await expect(auditFilterChoices(db, operator)).resolves.toBeDefined();
    const viewer = await createMember(db, tenant, "viewer");
    await expect(auditFilterChoices(db, viewer)).rejects.toMatchObject({ code: "forbidden" });
  });
});
