import { record, type StepRunner, str } from "./steps";
import { TICKET_ID } from "./support-plan";
import type { Decision, Transcript } from "./types";

/** The agent a lead hands work to, as its instructions name it: "delegate … to `support-triage`". */
const DELEGATE_TO = /delegate\b[^.\n]*?\bto\s+`?([a-z0-9][a-z0-9_-]*)`?/i;

/**
 * A lead that does no work itself (an agent with delegate and none of the demo shop's tools): it
 * hands the ticket to the agent its instructions name, then reports how that run ended. Its answer
 * repeats no action of the child's: those are proven by the child's own receipts, on the child's run.
 */
export function planLead(t: Transcript, run: StepRunner): Decision {
  const agent = t.instructions.match(DELEGATE_TO)?.[1];
  if (!agent) return final("My instructions name no agent to hand the task to, so nothing was done.");
  const ticketId = (t.goal.match(TICKET_ID) ?? t.instructions.match(TICKET_ID))?.[0].toUpperCase();
  const goal = ticketId ? `Resolve ticket ${ticketId}. From the support lead: ${t.goal}` : t.goal;
  const handed = run({
    reason: `Handing ${ticketId ? `ticket ${ticketId}` : "this task"} to ${agent}, who works the support tickets.`,
    call: { toolName: "delegate", input: { agent, goal } },
  });
  if (handed.status === "next") return handed.decision;
  const what = ticketId ? `Ticket ${ticketId}` : "The task";
  if (handed.status === "failed")
    return final(`${what} was handed to ${agent}, which did not finish it: ${handed.error}`);
  const result = record(handed.value);
  const childRun = str(result.child_run_id)?.slice(0, 8) ?? "unknown";
  const receipts = Array.isArray(result.receipts) ? result.receipts.length : 0;
  return final(
    `${what} was handed to ${agent}; its run ${childRun} ended ${str(result.status) ?? "unknown"} with ${receipts} receipt${receipts === 1 ? "" : "s"}. Its own answer and evidence are on that run.`,
  );
}

const final = (note: string): Decision => ({ kind: "final", notes: [note] });
