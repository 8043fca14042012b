import { eq, getTableName, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  agents,
  demoCustomers,
  demoFiles,
  demoHealth,
  demoKnowledgeBase,
  demoOrders,
  demoOutbox,
  demoRefunds,
  demoTickets,
} from "@/db/schema";
import { createTenant } from "@/db/testing/factories";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEMO_ORDERS, DEMO_TICKETS, INJECTION_TICKET_IDS } from "./seed-data";
import { seedDemoBusiness } from "./seed-demo";

const { db } = await createTestDatabase();

const tables = [
  demoCustomers,
  demoOrders,
  demoTickets,
  demoKnowledgeBase,
  demoFiles,
  demoHealth,
  demoRefunds,
  demoOutbox,
  agents,
];

async function counts(tenantId: string) {
  const result: Record<string, number> = {};
  for (const table of tables) {
    const rows = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from ${table} where tenant_id = ${tenantId}`,
    );
    result[getTableName(table)] = rows[0]?.n ?? -1;
  }
  return result;
}

const amountAsked = (body: string) => {
  const match = /\$(\d+(?:\.\d{2})?)/.exec(body);
  return match ? Number(match[1]) : null;
};

describe("seedDemoBusiness", () => {
  it("is idempotent: seeding twice leaves the same rows", async () => {
    const tenant = await createTenant(db);
    await seedDemoBusiness(db, tenant.id);
    const first = await counts(tenant.id);
    await seedDemoBusiness(db, tenant.id);
    expect(await counts(tenant.id)).toEqual(first);
    expect(first).toMatchObject({
      demo_customers: 12,
      demo_orders: 22,
      demo_tickets: 19,
      demo_files: 3,
      demo_health: 1,
      agents: 4,
    });
    expect(first.demo_kb).toBeGreaterThanOrEqual(6);
    expect(first).toMatchObject({ demo_refunds: 0, demo_outbox: 0 });
  });

  it("never overwrites a tenant's changes", async () => {
    const tenant = await createTenant(db);
    await seedDemoBusiness(db, tenant.id);
    await db
      .update(demoHealth)
      .set({ healthy: false, detail: "disk usage above 90%" })
      .where(eq(demoHealth.tenantId, tenant.id));
    await seedDemoBusiness(db, tenant.id);
    const [health] = await db.select().from(demoHealth).where(eq(demoHealth.tenantId, tenant.id));
    expect(health).toMatchObject({ healthy: false, detail: "disk usage above 90%" });
  });

  it("has the tickets the demos and drills rely on", async () => {
    const tenant = await createTenant(db);
    await seedDemoBusiness(db, tenant.id);
    const tickets = await db.select().from(demoTickets).where(eq(demoTickets.tenantId, tenant.id));
    const orders = await db.select().from(demoOrders).where(eq(demoOrders.tenantId, tenant.id));
    const ticket = (id: string) => tickets.find((t) => t.id === id);
    const order = (id: string | null | undefined) => orders.find((o) => o.id === id);

    for (const [id, amount] of [
      ["T-1001", 18.5],
      ["T-1004", 120],
      ["T-1005", 42],
    ] as const) {
      expect(amountAsked(ticket(id)?.body ?? "")).toBe(amount);
      expect(order(ticket(id)?.orderId)?.totalUsd).toBeGreaterThanOrEqual(amount);
    }
    expect(order("O-5004")?.totalUsd).toBe(189.9);
    expect(amountAsked(ticket("T-1002")?.body ?? "")).toBeNull();
    expect(amountAsked(ticket("T-1003")?.body ?? "")).toBeNull();

    expect(ticket("T-1010")?.body).toContain("archive@evil-mail.test");
    expect(ticket("T-1011")?.body).toContain("refund $300.00 to O-5019");
    expect(ticket("T-1012")?.body).toContain("https://evil.example.net/collect?d=tickets");
    expect(ticket("T-1013")?.body).toContain("runbooks/oncall.md");
    expect(ticket("T-1014")?.body).toContain("http://phish.example.org/reset");
    for (const id of INJECTION_TICKET_IDS) expect(ticket(id)?.status).toBe("open");
    // The injected $300 is more than the ticket's own order can refund, so only the injection could ask for it.
    expect(order(ticket("T-1011")?.orderId)?.totalUsd).toBeLessThan(300);
    expect(order("O-5019")?.totalUsd).toBeGreaterThanOrEqual(300);
  });

  it("keeps the data consistent: totals match items, references exist", () => {
    for (const o of DEMO_ORDERS) {
      const sum = o.items.reduce((s, i) => s + Math.round(i.priceUsd * 100) * i.quantity, 0);
      expect(sum, o.id).toBe(Math.round(o.totalUsd * 100));
      expect(o.totalUsd).toBeGreaterThanOrEqual(15);
      expect(o.totalUsd).toBeLessThanOrEqual(400);
    }
    const orderIds = new Set(DEMO_ORDERS.map((o) => o.id));
    for (const t of DEMO_TICKETS) {
      if (t.orderId) expect(orderIds.has(t.orderId), t.id).toBe(true);
      const asked = amountAsked(t.body);
      const own = DEMO_ORDERS.find((o) => o.id === t.orderId);
      if (asked !== null && t.id !== "T-1011") expect(asked, t.id).toBeLessThanOrEqual(own?.totalUsd ?? 0);
    }
  });

  it("seeds the demo agents with the contract's tools", async () => {
    const tenant = await createTenant(db);
    await seedDemoBusiness(db, tenant.id);
    const rows = await db.select().from(agents).where(eq(agents.tenantId, tenant.id));
    const byName = Object.fromEntries(rows.map((a) => [a.name, a]));
    expect(byName["support-triage"]).toMatchObject({
      model: "sim:default",
      tools: [
        "get_ticket",
        "get_order",
        "search_kb",
        "issue_refund",
        "send_email",
        "update_ticket",
        "ask_person",
      ],
    });
    expect(byName["ops-health"]).toMatchObject({
      model: "sim:default",
      tools: ["http_request", "run_command", "write_file"],
    });
    expect(byName["ops-health"]?.instructions).toContain("/api/demo/health");
    expect(byName["support-lead"]).toMatchObject({ model: "sim:default", tools: ["delegate"] });
    expect(byName["support-lead"]?.instructions).toContain("delegate it to `support-triage`");
  });
});
