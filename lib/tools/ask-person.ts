import { z } from "zod";
import { toolAsTarget } from "./policy-target";
import type { ToolDefinition } from "./types";

const input = z
  .object({
    question: z
      .string()
      .trim()
      .min(3)
      .max(2000)
      .describe("What you need a person to tell you or decide, as one clear question."),
    context: z
      .string()
      .trim()
      .max(4000)
      .optional()
      .describe("What you know so far and why you cannot go on without an answer."),
  })
  .strict();

export type AskPersonArgs = z.output<typeof input>;

/**
 * The agent asks a person when it is unsure or blocked. The engine never executes it: the run parks
 * until an operator answers in the inbox (or the question expires), and the answer is the result.
 */
export const askPerson: ToolDefinition<typeof input, never> = {
  name: "ask_person",
  version: 1,
  description:
    "Ask a person (an operator of this deployment) a question when you are unsure or blocked. The run waits for the answer, which comes back as this call's result. Use it instead of guessing.",
  input,
  policy: toolAsTarget("ask_person"),
  risk: () => "read",
  timeoutMs: 1000,
  idempotent: true,
  source: { kind: "person" },
  execute: async () => {
    throw new Error("ask_person is answered by a person, never executed.");
  },
};
