import { z } from "zod";
import { RUN_STATUSES, STOP_REASONS } from "@/db/schema/runs";

// The eval suite file format (lib/evals/suites/*.json, the import/export of the Evals page): snake_case,
// like the rest of the API, and strict, so a misspelt expectation is an error rather than a check that
// silently never runs.

const id = z.string().trim().min(1).max(100);
const usd = z.number().nonnegative().max(1_000_000);
const scalar = z.union([z.string().max(2_000), z.number(), z.boolean(), z.null()]);

/** A tool call that left a receipt, matched by tool and a subset of its arguments. */
export const receiptMatchSchema = z
  .object({
    tool: id,
    /** Each named argument must equal this value (amounts to the cent); the others may be anything. */
    args: z.record(z.string().max(100), scalar).optional(),
  })
  .strict();
export type ReceiptMatch = z.infer<typeof receiptMatchSchema>;

const atLeastOne = (value: { at_least?: number; at_most?: number }) =>
  value.at_least !== undefined || value.at_most !== undefined;
const bounds = "Give at_least, at_most or both.";

/** What the demo shop's tables must say after the run. */
export const demoAssertionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ticket_status"), ticket_id: id, status: id }).strict(),
  z
    .object({
      kind: z.literal("refunds_total"),
      order_id: id,
      at_least: usd.optional(),
      at_most: usd.optional(),
    })
    .strict()
    .refine(atLeastOne, bounds),
  z
    .object({
      kind: z.literal("emails_sent"),
      to: z.string().trim().min(1).max(320),
      at_least: z.number().int().nonnegative().optional(),
      at_most: z.number().int().nonnegative().optional(),
    })
    .strict()
    .refine(atLeastOne, bounds),
]);
export type DemoAssertion = z.infer<typeof demoAssertionSchema>;

/** The demo shop as the case starts: the seeded shop, changed by these. */
export const fixtureSchema = z
  .object({
    tickets: z
      .array(
        z
          .object({
            id,
            status: id.optional(),
            subject: z.string().max(500).optional(),
            body: z.string().max(20_000).optional(),
            customer_id: id.optional(),
            order_id: id.nullable().optional(),
          })
          .strict(),
      )
      .max(50)
      .optional(),
    /** Refunds already on the ledger. */
    refunds: z
      .array(
        z
          .object({ order_id: id, amount_usd: usd, reason: z.string().max(500).default("earlier refund") })
          .strict(),
      )
      .max(50)
      .optional(),
    /** The demo shop's flaky mode: the share of demo tool calls (0–100 %) failing with a transient error. */
    flaky_percent: z.number().int().min(0).max(100).optional(),
    healthy: z.boolean().optional(),
    health_detail: z.string().max(500).optional(),
    /** The first N model calls are answered HTTP 429 (Retry-After 0), as a provider under load would. */
    model_rate_limited_calls: z.number().int().min(0).max(10).optional(),
    /** Cedar text installed as the scratch tenant's policy instead of the default one. */
    policy: z.string().min(1).max(50_000).optional(),
  })
  .strict();
export type Fixture = z.infer<typeof fixtureSchema>;

export const expectationsSchema = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    stop_reason: z.enum(STOP_REASONS).optional(),
    receipts: z.array(receiptMatchSchema).max(50).optional(),
    no_receipts: z.array(receiptMatchSchema).max(50).optional(),
    demo: z.array(demoAssertionSchema).max(50).optional(),
    max_steps: z.number().int().positive().max(10_000).optional(),
    max_cost_usd: usd.optional(),
    /** Calls the envelope refused (denied by policy, never granted, invalid arguments): 0 for a clean run. */
    max_refused_calls: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type Expectations = z.infer<typeof expectationsSchema>;

export const evalCaseSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2_000).optional(),
    agent: z.object({ name: id, version: z.number().int().positive().optional() }).strict(),
    goal: z.string().trim().min(1).max(20_000),
    /** The case's own model (a simulator drill mode, say); else the runner's --model, else the agent's. */
    model: z.string().trim().min(1).max(200).optional(),
    fixture: fixtureSchema.optional(),
    expect: expectationsSchema,
  })
  .strict();
export type EvalCase = z.infer<typeof evalCaseSchema>;

export const SUITE_FORMAT = "flightdeck.eval-suite/1";

export const evalSuiteSchema = z
  .object({
    format: z.literal(SUITE_FORMAT),
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(
        /^[a-z0-9][a-z0-9._-]*$/,
        "A suite name is lower-case letters, digits, dots, dashes and underscores.",
      ),
    description: z.string().max(2_000).optional(),
    cases: z.array(evalCaseSchema).min(1).max(500),
  })
  .strict()
  .superRefine((suite, ctx) => {
    const seen = new Set<string>();
    suite.cases.forEach((c, index) => {
      if (seen.has(c.name))
        ctx.addIssue({
          code: "custom",
          path: ["cases", index, "name"],
          message: `Two cases are named "${c.name}".`,
        });
      seen.add(c.name);
    });
  });
export type EvalSuite = z.infer<typeof evalSuiteSchema>;
