import type { z } from "zod";

/** What a node's functions read: the run's input and the latest output of every node done so far. */
export type WorkflowData = {
  input: string;
  out: Readonly<Record<string, unknown>>;
};

/** A tool call a node makes: the engine runs it under policy, approvals, receipts and kill switches. */
export type NodeCall = { tool: string; args: (data: WorkflowData) => Record<string, unknown> };

type Base = { id: string; label?: string };

/**
 * The nodes of a workflow graph. Every node names the next one explicitly (`next`), so the graph
 * is data that can be drawn; the functions in it decide values, never which code runs next,
 * except a `branch`'s `choose`, whose result must be one of its declared `cases`.
 */
export type WorkflowNode =
  /** Plain code: its output is committed as a step, so a resumed or replayed run never recomputes it. */
  | (Base & { kind: "function"; run: (data: WorkflowData) => unknown; next: string })
  /** A model call whose answer must match `schema` (structured output). */
  | (Base & {
      kind: "model";
      instructions: string;
      prompt: (data: WorkflowData) => string;
      schema: z.ZodType;
      next: string;
    })
  /** One tool call; its output is the tool's result. */
  | (Base & { kind: "tool"; call: NodeCall; next: string })
  /** Several tool calls at once, joined when all have a result; its output maps each branch to its result. */
  | (Base & { kind: "parallel"; calls: Record<string, NodeCall>; next: string })
  /** A run of another agent (the delegate tool): its output is the child run's result. */
  | (Base & { kind: "agent"; agent: string; goal: (data: WorkflowData) => string; next: string })
  /** A question to a person (the ask_person tool); its output is their answer. */
  | (Base & { kind: "approval"; question: (data: WorkflowData) => string; next: string })
  /** Goes on to `cases[choose(data)]`. */
  | (Base & { kind: "branch"; choose: (data: WorkflowData) => string; cases: Record<string, string> })
  /**
   * Enters `body` until `until` holds, at most `max` times; the body's last node leads back here.
   * Its output is `{ iterations, exhausted }`.
   */
  | (Base & {
      kind: "loop";
      body: string;
      until: (data: WorkflowData) => boolean;
      max: number;
      next: string;
    })
  /** The run's final answer. */
  | (Base & { kind: "end"; answer: (data: WorkflowData) => string });

export type WorkflowNodeKind = WorkflowNode["kind"];

export type WorkflowDefinition = {
  name: string;
  description: string;
  start: string;
  nodes: WorkflowNode[];
};

/** The output a loop node leaves. */
export type LoopOutput = { iterations: number; exhausted: boolean };
