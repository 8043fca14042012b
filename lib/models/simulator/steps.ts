import type { Decision, PastCall, ProposedCall, ToolArgs, Transcript } from "./types";

/** One step of a plan: the call to make, the reason stated before it, and the mistake sloppy mode makes first. */
export type Step = { reason: string; call: ProposedCall; sloppy?: ProposedCall };

export type StepOutcome =
  | { status: "next"; decision: Decision }
  | { status: "done"; value: unknown }
  | { status: "failed"; error: string };

export type StepRunner = (step: Step) => StepOutcome;

/**
 * Planners are written as straight-line code that asks, step by step, what became of each call.
 * The answer comes from the transcript alone, which is what keeps the simulator stateless and deterministic.
 */
export function stepRunner(t: Transcript, sloppy: boolean): StepRunner {
  return (step) => {
    if (!t.toolNames.includes(step.call.toolName)) {
      return { status: "failed", error: `the ${step.call.toolName} tool is not available to this agent` };
    }
    const correct = lastAttempt(t.history, step.call);
    if (correct)
      return correct.result.ok ? { status: "done", value: correct.result.value } : failedWith(correct);
    const wrong = step.sloppy && lastAttempt(t.history, step.sloppy);
    if (wrong) {
      if (wrong.result.ok) return { status: "done", value: wrong.result.value };
      const reason = `That call failed (${firstLine(wrong.result.error)}). Retrying with the right arguments.`;
      return { status: "next", decision: { kind: "call", reason, call: step.call } };
    }
    const call = sloppy && step.sloppy ? step.sloppy : step.call;
    return { status: "next", decision: { kind: "call", reason: step.reason, call } };
  };
}

function failedWith(call: PastCall): StepOutcome {
  return { status: "failed", error: call.result.ok ? "" : call.result.error };
}

export function lastAttempt(history: PastCall[], call: ProposedCall): PastCall | undefined {
  const key = canonical(call.input);
  return history.findLast((h) => h.toolName === call.toolName && canonical(h.input) === key);
}

// Stored inputs may come back with their keys reordered (Postgres jsonb does that).
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as ToolArgs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function firstLine(text: string, max = 160): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function record(value: unknown): ToolArgs {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as ToolArgs) : {};
}

export const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

export const idOf = (value: unknown): string | undefined =>
  typeof value === "string" || typeof value === "number" ? String(value) : undefined;

export const usd = (amount: number): string => `$${amount.toFixed(2)}`;
export const cents = (amount: number): number => Math.round(amount * 100);
