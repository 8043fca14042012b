import type { ToolStepPayload } from "@/db/schema";

/**
 * The rule that sends a turn to the agent's router model (docs/agents.md, "Router model"): a turn
 * is simple when the turn before it called tools and every one of those calls was a read that
 * succeeded. Reading a result and asking for the next one needs no planning; the first turn (the
 * plan), and any turn after a write, a refused or failed call or a person's decision, does.
 */
export function isPlainRead(payload: ToolStepPayload): boolean {
  return payload.status === "ok" && payload.risk === "read" && !payload.approval;
}

/** The tool calls of the latest turn, as they settle: whether the turn after it is simple. */
export class TurnRouting {
  private calls = 0;
  private allPlainReads = true;

  /** A model turn proposed `calls` tool calls (besides a completion). */
  turnProposed(calls: number): void {
    this.calls = calls;
    this.allPlainReads = true;
  }

  callSettled(payload: ToolStepPayload): void {
    if (!isPlainRead(payload)) this.allPlainReads = false;
  }

  /** Whether the next model turn may go to the router model. */
  get nextTurnIsSimple(): boolean {
    return this.calls > 0 && this.allPlainReads;
  }
}
