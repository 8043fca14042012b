import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "@/lib/tools/default-policy";
import { getTool } from "@/lib/tools/registry";
import { type CompiledPolicy, checkPolicy, compilePolicy } from "./compile";
import { evaluatePolicy } from "./evaluate";
import { argumentNames, cedarArgs } from "./schema";

function compiled(text = DEFAULT_POLICY): CompiledPolicy {
  const result = compilePolicy("test", 1, text);
  if ("problems" in result) throw new Error(JSON.stringify(result.problems));
  return result;
}

const refundFacts = {
  amount_cents: 0,
  order_exists: true,
  order_total_cents: 20_000,
  order_refunded_cents: 0,
  order_refund_count: 0,
  refunded_last_hour_cents: 0,
  target_read: true,
};

function decide(
  tool: string,
  args: Record<string, unknown>,
  facts: Record<string, unknown> = {},
  provenance: Record<string, string> = {},
  policy = compiled(),
) {
  const definition = getTool(tool);
  if (!definition) throw new Error(tool);
  const defaults = Object.fromEntries(argumentNames(definition).map((n) => [n, "model"]));
  return evaluatePolicy(policy, {
    agent: "support-triage",
    tool,
    resource: { type: resourceType[tool] ?? "Target", id: "x" },
    context: {
      args: cedarArgs(definition, args),
      provenance: { ...defaults, ...provenance },
      facts,
      risk: definition.risk(args as never),
      hour_utc: 12,
    },
  });
}

const resourceType: Record<string, string> = {
  get_ticket: "Ticket",
  get_order: "Order",
  issue_refund: "Order",
  send_email: "Recipient",
  http_request: "Host",
  run_command: "Command",
  write_file: "File",
};

const refund = (amount: number, facts: Partial<typeof refundFacts> = {}, provenance = {}) =>
  decide(
    "issue_refund",
    { order_id: "O-5001", amount_usd: amount, reason: "broken" },
    { ...refundFacts, amount_cents: Math.round(amount * 100), ...facts },
    provenance,
  );

describe("the default demo policy", () => {
  it("lets reads through", () => {
    expect(decide("get_ticket", { ticket_id: "T-1001" })).toMatchObject({
      effect: "allow",
      policyIds: ["reads"],
    });
  });

  it("refunds up to 50 USD autonomously, asks above, denies above the order total or a second refund", () => {
    expect(refund(50).effect).toBe("allow");
    expect(refund(120)).toMatchObject({
      effect: "approval",
      policyIds: ["refund-over-50-needs-approval"],
      expiresMinutes: 30,
    });
    expect(refund(250)).toMatchObject({ effect: "deny", policyIds: ["refund-over-order-total"] });
    expect(refund(20, { order_refunded_cents: 19_000 })).toMatchObject({ effect: "deny" });
    expect(refund(20, { order_refund_count: 1 })).toMatchObject({
      effect: "deny",
      policyIds: ["second-refund-same-order"],
    });
    expect(refund(20, { refunded_last_hour_cents: 49_000 })).toMatchObject({
      policyIds: ["hourly-refund-cap"],
    });
    expect(refund(20, { order_exists: false, order_total_cents: 0 }).effect).toBe("deny");
  });

  it("parks a refund to an order that first appeared in untrusted text, and says why", () => {
    const d = refund(20, {}, { order_id: "untrusted" });
    expect(d).toMatchObject({ effect: "approval", policyIds: ["refund-payee-from-untrusted-text"] });
    expect(d.message).toContain("untrusted text");
  });

  it("a hard denial wins over an approval: nobody can approve what policy forbids", () => {
    expect(refund(300, {}, { order_id: "untrusted" })).toMatchObject({
      effect: "deny",
      policyIds: ["refund-over-order-total"],
    });
  });

  it("emails only the customer of the order in hand, with allow-listed links", () => {
    const email = { to: "ana@example.com", subject: "Your refund", body: "Done." };
    const customer = {
      recipient_domain: "example.com",
      recipient_is_order_customer: true,
      link_hosts: [],
      mentions_other_customer: false,
    };
    expect(decide("send_email", email, customer).effect).toBe("allow");
    expect(decide("send_email", email, { ...customer, recipient_is_order_customer: false })).toMatchObject({
      effect: "deny",
      policyIds: ["email-only-order-customer"],
    });
    expect(decide("send_email", email, { ...customer, link_hosts: ["phish.example.org"] })).toMatchObject({
      effect: "deny",
      policyIds: ["email-links-allow-list"],
    });
    expect(decide("send_email", email, { ...customer, link_hosts: ["status.example.com"] }).effect).toBe(
      "allow",
    );
    expect(decide("send_email", email, customer, { to: "untrusted" }).effect).toBe("approval");
  });

  it("sends HTTP only to this app, never to private ranges", () => {
    const http = (own: boolean, priv: boolean) =>
      decide(
        "http_request",
        { method: "GET", url: "https://x" },
        { host: "x", own_host: own, private_address: priv, method: "GET" },
      ).effect;
    expect(http(true, true)).toBe("allow");
    expect(http(false, false)).toBe("deny");
    expect(http(false, true)).toBe("deny");
  });

  it("runs only read-only commands and writes only inside the workspace", () => {
    expect(decide("run_command", { command: "df -h" }, { binary: "df" }).effect).toBe("allow");
    expect(decide("run_command", { command: "rm -rf x" }, { binary: "rm" }).effect).toBe("deny");
    const write = (path: string, facts: Record<string, unknown>, provenance = {}) =>
      decide("write_file", { path, content: "x" }, facts, provenance).effect;
    expect(write("notes/a.md", { in_workspace: true, file_exists: false })).toBe("allow");
    expect(write("../a.md", { in_workspace: false, file_exists: false })).toBe("deny");
    expect(write("runbooks/oncall.md", { in_workspace: true, file_exists: true })).toBe("approval");
    const note = { in_workspace: true, file_exists: true, file_written_by_agent: true };
    expect(write("incidents/today.md", note)).toBe("allow");
    expect(write("incidents/README.md", { ...note, file_written_by_agent: false })).toBe("approval");
    expect(write("runbooks/oncall.md", note)).toBe("approval");
    expect(write("notes/b.md", { in_workspace: true, file_exists: false }, { path: "untrusted" })).toBe(
      "approval",
    );
  });

  it("denies a tool no statement permits", () => {
    const p = compiled('@id("reads") permit (principal, action == Action::"get_ticket", resource);');
    expect(decide("get_order", { order_id: "O-1" }, {}, {}, p)).toMatchObject({
      effect: "deny",
      policyIds: [],
      message: "Denied: no policy permits this call.",
    });
  });
});

describe("checking a policy", () => {
  it("refuses a syntax error with Cedar's message and where it is", () => {
    const result = checkPolicy(
      'permit (principal, action == Action::"get_ticket", resource);\npermit (principal action, resource);',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.message).toMatch(/unexpected token/);
    expect(result.problems[0]?.line).toBe(2);
  });

  it("refuses a policy that does not fit the tool catalog's schema", () => {
    const result = checkPolicy(
      '@id("typo") forbid (principal, action == Action::"issue_refund", resource) when { context.args.amount > 5 };',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]?.message).toContain("typo");
    expect(checkPolicy('permit (principal, action == Action::"launch_rocket", resource);').ok).toBe(false);
  });

  it("refuses duplicate ids, @approval on a permit, and a bad expiry", () => {
    const twice =
      '@id("a") permit (principal, action, resource);\n@id("a") permit (principal, action, resource);';
    expect(checkPolicy(twice).ok).toBe(false);
    expect(checkPolicy('@approval("x") permit (principal, action, resource);').ok).toBe(false);
    expect(
      checkPolicy('@approval("x") @expires_minutes("soon") forbid (principal, action, resource);').ok,
    ).toBe(false);
    expect(checkPolicy("   ").ok).toBe(false);
  });
});

describe("calls only unconditional permits cover", () => {
  /** The same policy with every slice sent to Cedar. */
  const throughCedar = (policy: CompiledPolicy): CompiledPolicy => ({
    ...policy,
    slices: new Map([...policy.slices].map(([tool, slice]) => [tool, { ...slice, allowedBy: null }])),
    otherActions: { ...policy.otherActions, allowedBy: null },
  });

  it("are decided without Cedar, exactly as Cedar decides them", () => {
    const texts = [
      DEFAULT_POLICY,
      '@id("a") permit (principal, action == Action::"get_ticket", resource);\n@id("b") permit (principal, action, resource);',
      '@id("a") permit (principal, action, resource);\n@id("no-tickets") forbid (principal, action == Action::"get_ticket", resource);',
      '@id("only-ops") permit (principal == Agent::"ops-health", action == Action::"get_ticket", resource);',
      '@id("a") permit (principal, action == Action::"get_ticket", resource) when { context.hour_utc < 6 };',
    ];
    for (const text of texts) {
      const policy = compiled(text);
      for (const tool of ["get_ticket", "get_order", "issue_refund"]) {
        const args = tool === "issue_refund" ? { order_id: "O-5001", amount_usd: 10, reason: "x" } : {};
        const fast = decide(tool, args, refundFacts, {}, policy);
        const slow = decide(tool, args, refundFacts, {}, throughCedar(policy));
        expect({ ...fast, policyIds: [...fast.policyIds].sort() }).toEqual({
          ...slow,
          policyIds: [...slow.policyIds].sort(),
        });
      }
    }
    expect(compiled().slices.get("get_ticket")?.allowedBy).toEqual(["reads"]);
    expect(compiled().slices.get("issue_refund")?.allowedBy).toBeNull();
  });
});
