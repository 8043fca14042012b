import type { Decision, ToolArgs, Transcript } from "./types";

/** One line of the task: `call <tool> {json arguments}` (the word "with" before the braces is optional). */
const CALL_LINE = /^\s*call\s+([A-Za-z0-9_-]{1,64})(?:\s+with)?\s*(\{.*\})?\s*$/gim;

export type NamedCall = { toolName: string; input: ToolArgs } | { toolName: string; problem: string };

/** The calls a task names, in order. */
export function namedCalls(goal: string): NamedCall[] {
  return [...goal.matchAll(CALL_LINE)].map(([, toolName = "", json]) => {
    if (!json) return { toolName, input: {} };
    try {
      const input: unknown = JSON.parse(json);
      if (input && typeof input === "object" && !Array.isArray(input))
        return { toolName, input: input as ToolArgs };
    } catch {}
    return { toolName, problem: `the arguments of "call ${toolName}" are not a JSON object` };
  });
}

export const NAMED_CALLS_HINT =
  'For an agent of your own, the simulator makes the calls your task names, in order: one line per call, e.g. `call crm__lookup {"id": "C-1"}`.';

/**
 * For agents of a team's own (not the demo shop's): the simulator makes each call the task names,
 * one per turn, whatever each one answers, then says which succeeded. A way to try an agent's
 * tools, policy and approvals end to end without a model provider.
 */
export function planNamedCalls(t: Transcript): Decision {
  const calls = namedCalls(t.goal);
  if (calls.length === 0)
    return {
      kind: "final",
      notes: [`The simulator knows the demo agents' plans; nothing to do here. ${NAMED_CALLS_HINT}`],
    };
  const next = calls[t.history.length];
  if (next && "problem" in next) return { kind: "final", notes: [`Stopped: ${next.problem}.`] };
  if (next && !t.toolNames.includes(next.toolName))
    return { kind: "final", notes: [`Stopped: this agent has no tool named ${next.toolName}.`] };
  if (next) return { kind: "call", reason: `Calling ${next.toolName}, as the task says.`, call: next };
  return {
    kind: "final",
    notes: [`Made the ${calls.length === 1 ? "call" : `${calls.length} calls`} the task named.`],
  };
}
