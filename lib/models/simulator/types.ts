/** `boastful` claims actions it never took: a drill for the outcome check against receipts. */
export const SIMULATOR_MODES = ["default", "gullible", "looping", "sloppy", "boastful"] as const;
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

export type ToolArgs = Record<string, unknown>;

/** What one tool call led to, as the model reads it from the tool message. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: string };

/** A tool call the model made earlier in this conversation, paired with its result. */
export type PastCall = { toolCallId: string; toolName: string; input: ToolArgs; result: CallResult };

/** Everything the simulator is allowed to plan from: the call's prompt and tool list, nothing else. */
export type Transcript = {
  instructions: string;
  goal: string;
  toolNames: string[];
  /** 1 for the first model call of a run, then one more per assistant message already in the prompt. */
  turn: number;
  history: PastCall[];
};

export type ProposedCall = { toolName: string; input: ToolArgs };

export type Decision =
  | { kind: "call"; reason: string; call: ProposedCall }
  | {
      kind: "final";
      notes: string[];
      claims?: { tool_call_id: string; tool: string; facts: Record<string, string | number> }[];
    };
