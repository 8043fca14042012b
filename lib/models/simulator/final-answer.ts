import { firstLine, idOf, num, record, str, usd } from "./steps";
import type { PastCall } from "./types";

// Calls that change nothing (a question to a person among them): not listed as actions done.
const READS = new Set(["get_ticket", "get_order", "search_kb", "ask_person"]);

/**
 * The closing message: the planner's notes, then every action that succeeded with the ids from its result,
 * then every error met on the way. Later checks compare these claims with receipts, so they stay literal.
 */
export function finalAnswer(notes: string[], history: PastCall[]): string {
  const done = unique(history.flatMap((h) => (h.result.ok ? actionLine(h, record(h.result.value)) : [])));
  const problems = history.flatMap((h) =>
    h.result.ok ? [] : [`${h.toolName} ${argsLabel(h)} failed: ${firstLine(h.result.error, 200)}`],
  );
  const parts = notes.length > 0 ? [notes.join(" ")] : [];
  if (done.length > 0) parts.push(`Done:\n${done.map((l) => `- ${l}`).join("\n")}`);
  else parts.push("No actions were taken.");
  if (problems.length > 0) parts.push(`Problems along the way:\n${problems.map((l) => `- ${l}`).join("\n")}`);
  return parts.join("\n\n");
}

function actionLine(h: PastCall, out: Record<string, unknown>): string[] {
  const input = h.input;
  // A dry run's preview: say what would have happened, never that it did.
  if (out.dry_run === true) return [`Dry run, not done: ${h.toolName} ${argsLabel(h)}.`];
  switch (h.toolName) {
    case "issue_refund": {
      const amount = num(out.amount_usd) ?? num(input.amount_usd) ?? 0;
      const total = num(out.refunded_total_usd);
      return [
        `Refunded ${usd(amount)} on ${str(out.order_id) ?? str(input.order_id)} (ledger ${idOf(out.refund_id) ?? "?"}${total === undefined ? "" : `; ${usd(total)} refunded in total`}).`,
      ];
    }
    case "send_email":
      return [
        `Emailed ${str(out.to) ?? str(input.to)} (outbox ${idOf(out.outbox_id) ?? "?"}, ${str(out.status) ?? "queued"}${out.deliver_after ? `, sent after ${str(out.deliver_after)}` : ""}).`,
      ];
    case "update_ticket":
      return [
        `Ticket ${str(out.ticket_id) ?? str(input.ticket_id)} set to ${str(out.status) ?? str(input.status)} (was ${str(out.previous_status) ?? "?"}).`,
      ];
    case "write_file":
      return [
        `Wrote ${str(out.path) ?? str(input.path)} (${num(out.bytes) ?? "?"} bytes, sha256 ${(str(out.sha256) ?? "?").slice(0, 12)}).`,
      ];
    case "run_command":
      return [`Ran \`${str(input.command)}\` (exit ${num(out.exit_code) ?? "?"}).`];
    case "http_request":
      return [`${str(input.method)} ${str(input.url)} returned ${num(out.status) ?? "?"}.`];
    default:
      return READS.has(h.toolName) ? [] : [`${h.toolName} ${argsLabel(h)} succeeded.`];
  }
}

/** The effects a typed completion claims: every write that succeeded (in a dry run, its preview), with its key facts. */
export function completionClaims(history: PastCall[]): SimulatedClaim[] {
  return history.flatMap((h) => {
    if (!h.result.ok) return [];
    const out = record(h.result.value);
    const facts = claimFacts(h.toolName, out, h.input);
    return facts ? [{ tool_call_id: h.toolCallId, tool: h.toolName, facts }] : [];
  });
}

export type SimulatedClaim = { tool_call_id: string; tool: string; facts: Record<string, string | number> };

function claimFacts(tool: string, out: Record<string, unknown>, input: Record<string, unknown>) {
  const pick = (...keys: string[]) => {
    const facts: Record<string, string | number> = {};
    for (const key of keys) {
      const value = out[key] ?? input[key];
      if (typeof value === "string" || typeof value === "number") facts[key] = value;
    }
    return facts;
  };
  switch (tool) {
    case "issue_refund":
      return pick("order_id", "amount_usd");
    case "send_email":
      return pick("to");
    case "update_ticket":
      return pick("ticket_id", "status");
    case "write_file":
      return pick("path");
    default:
      return null;
  }
}

function argsLabel(h: PastCall): string {
  const json = JSON.stringify(h.input);
  return json.length > 120 ? `${json.slice(0, 119)}…` : json;
}

const unique = (lines: string[]): string[] => [...new Set(lines)];
