import { z } from "zod";
import { defineTool } from "@/lib/tools/define-tool";
import { toolAsTarget } from "@/lib/tools/policy-target";

/** The loyalty ledger the test's tools act on: points by customer, and each grant's idempotency key. */
export const ledger = { points: new Map<string, number>(), grants: new Map<string, number>() };

export const lookupPoints = defineTool({
  name: "lookup_points",
  version: 1,
  description: "Reads a customer's loyalty points.",
  input: z.object({ customer_id: z.string().min(1).max(40) }).strict(),
  policy: toolAsTarget("lookup_points"),
  risk: () => "read",
  timeoutMs: 2_000,
  idempotent: true,
  async execute({ customer_id }) {
    return {
      output: { customer_id, points: ledger.points.get(customer_id) ?? 0 },
      receipt: { customer_id },
    };
  },
});

export const addPoints = defineTool({
  name: "add_points",
  version: 1,
  description: "Grants a customer loyalty points.",
  input: z
    .object({ customer_id: z.string().min(1).max(40), points: z.number().int().min(1).max(1000) })
    .strict(),
  policy: {
    resourceType: "Customer",
    resourceId: (args) => String(args.customer_id),
    facts: { points: "Long" },
    compute: (args) => ({ points: Number(args.points) }),
  },
  risk: () => "write",
  timeoutMs: 2_000,
  idempotent: true,
  async execute({ customer_id, points }, ctx) {
    // Once per idempotency key, as every write tool must.
    if (!ledger.grants.has(ctx.idempotencyKey)) {
      ledger.grants.set(ctx.idempotencyKey, points);
      ledger.points.set(customer_id, (ledger.points.get(customer_id) ?? 0) + points);
    }
    return {
      output: { customer_id, points: ledger.points.get(customer_id) ?? 0 },
      receipt: { customer_id, points_added: points },
    };
  },
});
