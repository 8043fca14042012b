import { z } from "zod";
import { str } from "./policy-target";
import type { ToolDefinition } from "./types";

const input = z
  .object({
    agent: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe("The name of another agent of this deployment to hand the task to."),
    goal: z
      .string()
      .trim()
      .min(3)
      .max(20_000)
      .describe(
        "What that agent should do, with everything it needs to know: it sees nothing else of this run.",
      ),
  })
  .strict();

export type DelegateArgs = z.output<typeof input>;

/**
 * The agent hands a task to another agent. The engine never executes it: it starts a child run of
 * that agent (its limits drawn from what this run has left) and parks this run until the child
 * ends; the child's status, answer and receipts are the result. Policy decides the call like any
 * other, on `Agent::"<name>"` as the resource, so a policy can say who may delegate to whom.
 */
export const delegate: ToolDefinition<typeof input, never> = {
  name: "delegate",
  version: 1,
  description:
    "Hand a task to another agent, by its name. It works in a run of its own, within what is left of your budget; you wait for it, and its result (status, answer and the receipts of what it did) comes back as this call's result.",
  input,
  policy: { resourceType: "Agent", facts: {}, resourceId: (args) => str(args.agent) },
  // Starting a run changes nothing by itself: every call of the child passes the policy on its own.
  risk: () => "read",
  timeoutMs: 1000,
  idempotent: true,
  source: { kind: "agent" },
  execute: async () => {
    throw new Error("delegate starts a child run, never executed.");
  },
};
