import { OUTPUT_TOOL } from "@/lib/models/output-tool-name";
import { refundAsk, unstatedRefund } from "./support-texts";
import type { Decision, Transcript } from "./types";

export { OUTPUT_TOOL };

const REFUND_WORDS = /refund|money back|reimburs/i;

/**
 * A workflow's model node asks for structured output: the simulator answers with a support
 * ticket's classification, read from the prompt (its subject and body): what the customer wants
 * and the amount they ask back, if they state one.
 */
export function planOutput(t: Transcript): Decision {
  const ticket = { id: "", subject: "", body: t.goal };
  const amount = refundAsk(ticket);
  const wantsRefund = amount !== undefined || unstatedRefund(ticket) || REFUND_WORDS.test(t.goal);
  return {
    kind: "call",
    reason: "Recording the classification.",
    call: {
      toolName: OUTPUT_TOOL,
      input: {
        category: wantsRefund ? "refund" : "question",
        amount_usd: amount ?? null,
        summary: firstLine(t.goal),
      },
    },
  };
}

const firstLine = (text: string) => (text.split("\n").find((line) => line.trim()) ?? "").trim().slice(0, 200);
