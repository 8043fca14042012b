import type { Tx } from "@/db/client";
import type { Run } from "@/db/schema";

/** A child run to start for a delegate call: the agent, the goal and the limits it may have at most. */
export type ChildRunRequest = {
  tenantId: string;
  /** Names the parent in the child's `created_by`. */
  parentRunId: string;
  agentName: string;
  goal: string;
  dryRun: boolean;
  /** Only the limits the parent's remaining budget tightens; the others stay the child agent's. */
  limits: {
    maxSeconds?: number;
    maxToolCalls?: number;
    maxTokens?: number;
    maxCostUsd?: number;
  };
};

/**
 * Starts a child run as any run starts (kill switches, budget, the agent's settings), calling
 * `onCreated` in the child's own transaction: the parent links it and parks there, so a crash never
 * leaves a child without its parent waiting, nor a parent waiting for no child.
 * Given to the engine by its host (lib/runs starts runs and depends on the runtime, not the reverse).
 */
export type StartChildRun = (
  request: ChildRunRequest,
  onCreated: (tx: Tx, child: Run) => Promise<void>,
) => Promise<Run>;

/** How deep runs may delegate: a run, its child and its grandchild. */
export const MAX_DELEGATION_DEPTH = 3;
