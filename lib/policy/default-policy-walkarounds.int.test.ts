import { hostname } from "node:os";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { demoCustomers, demoOrders } from "@/db/schema";
import { createTestDatabase } from "@/db/testing/test-database";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { httpRequest } from "@/lib/tools/demo/http-request";
import { issueRefund } from "@/lib/tools/demo/issue-refund";
import { sendEmail } from "@/lib/tools/demo/send-email";
import { updateTicket } from "@/lib/tools/demo/update-ticket";
import { writeFile } from "@/lib/tools/demo/write-file";
import type { Evidence } from "@/lib/tools/provenance";
import { seededTenant } from "@/lib/tools/testing/demo-context";
import type { AnyTool } from "@/lib/tools/types";
import { type CompiledPolicy, compilePolicy } from "./compile";
import { decideCall } from "./decide-call";

const { db } = await createTestDatabase();
const tenant = await seededTenant(db);
const policy = compilePolicy(`walkarounds:${tenant.id}`, 0, DEFAULT_POLICY) as CompiledPolicy;

const order = {
  toolName: "get_order",
  value: { order_id: "O-5017", customer_email: "sofia@example.com", total_usd: 80 },
};
const evidence: Evidence = { goal: "Resolve ticket T-1017", results: [order] };
const decide = (tool: AnyTool, args: Record<string, unknown>) =>
  decideCall(policy, {
    db,
    tenantId: tenant.id,
    agentName: "support-triage",
    tool,
    args,
    evidence,
    appBaseUrl: "http://app.invalid:3000",
  });

describe("the default policy cannot be walked around", () => {
  it("refuses every spelling of a link outside the allow-list in an email", async () => {
    const email = (body: string) => decide(sendEmail, { to: "sofia@example.com", subject: "Hi", body });
    expect((await email("See https://help.acme-shop.example/returns")).effect).toBe("allow");
    for (const body of [
      "Reset at evil.com/reset",
      "Reset at //evil.com/reset",
      "Reset at \\\\evil.com\\reset",
      "Reset at http:\\\\evil.com",
      "Reset at https://acme-shop.example@evil.com/",
      "Reset at аcme-shop.example", // Cyrillic "а"
    ]) {
      const decision = await email(body);
      expect(decision.effect, body).toBe("deny");
      expect(decision.policyIds, body).toContain("email-links-allow-list");
    }
  });

  it("computes the private-address fact on what the host resolves to", async () => {
    for (const url of [`http://${hostname()}:8080/`, "http://2130706433/", "http://[::ffff:7f00:1]/"]) {
      const decision = await decide(httpRequest, { method: "GET", url });
      expect(decision.facts.private_address, url).toBe(true);
      expect(decision.effect, url).toBe("deny");
    }
  });

  it("asks before overwriting a file in incidents/ that no agent wrote", async () => {
    const write = (path: string) => decide(writeFile, { path, content: "all clear" });
    const readme = await write("incidents/README.md");
    expect(readme.effect).toBe("approval");
    expect(readme.policyIds).toContain("overwrite-needs-approval");
    expect((await write("incidents/2026-03-02-health-check.md")).effect).toBe("allow");
  });

  it("asks before refunding or updating a record the run never read", async () => {
    const refund = (order_id: string) =>
      decide(issueRefund, { order_id, amount_usd: 10, reason: "goodwill" });
    expect((await refund("O-5017")).effect).toBe("allow");
    for (const order of ["O-5001", "O-5002", "O-5003", "O-5008", "O-5010"]) {
      const decision = await refund(order);
      expect(decision.effect, order).toBe("approval");
      expect(decision.policyIds, order).toContain("refund-unread-order");
    }
    const update = (ticket_id: string) =>
      decide(updateTicket, { ticket_id, status: "resolved", note: "done" });
    expect((await update("T-1017")).effect).toBe("allow");
    const unread = await update("T-1003");
    expect(unread.effect).toBe("approval");
    expect(unread.policyIds).toContain("update-unread-ticket");
  });

  it("asks before mailing a customer another customer's email, name or order", async () => {
    const customers = await db.select().from(demoCustomers).where(eq(demoCustomers.tenantId, tenant.id));
    const orders = await db.select().from(demoOrders).where(eq(demoOrders.tenantId, tenant.id));
    const [me, other] = customers;
    if (!me || !other) throw new Error("the demo shop has two customers");
    const mine = orders.find((o) => o.customerId === me.id);
    const theirs = orders.find((o) => o.customerId === other.id);
    const withOrder: Evidence = {
      goal: "Resolve the ticket",
      results: [{ toolName: "get_order", value: { order_id: mine?.id, customer_email: me.email } }],
    };
    const email = (body: string) =>
      decideCall(policy, {
        db,
        tenantId: tenant.id,
        agentName: "support-triage",
        tool: sendEmail,
        args: { to: me.email, subject: "Your order", body },
        evidence: withOrder,
        appBaseUrl: "http://app.invalid:3000",
      });
    expect((await email(`Hello ${me.name}, your order ${mine?.id} is on its way.`)).effect).toBe("allow");
    for (const body of [
      `Also, ${other.email} ordered the same.`,
      `Say hi to ${other.name.toUpperCase()}.`,
      `Order ${theirs?.id} shipped too.`,
    ]) {
      const decision = await email(body);
      expect(decision.effect, body).toBe("approval");
      expect(decision.policyIds, body).toContain("email-other-customer-data");
    }
  });
});
