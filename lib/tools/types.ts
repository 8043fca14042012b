import type { z } from "zod";
import type { Db } from "@/db/client";
import type { PolicyTarget } from "./policy-target";

export const RISK_CLASSES = ["read", "write", "irreversible"] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];

/** What the engine hands a tool for one call. */
export type ToolContext = {
  db: Db;
  tenantId: string;
  runId: string;
  /** Derived from run, step and call: the same call retried carries the same key. */
  idempotencyKey: string;
  /** Aborted when the run is stopped or the call times out: tools must honour it. */
  signal: AbortSignal;
  /** Base URL of this Flightdeck app, for tools that call it (http_request, the health check). */
  appBaseUrl: string;
  /**
   * The engine's call: its step and where each argument's value came from, as policy decided it
   * (absent when the call was not decided now, e.g. a call resumed after a crash).
   */
  call?: { seq: number; toolCallId: string; provenance?: Record<string, string> };
};

/** Tool-specific evidence of what a call did: ids, amounts, statuses, hashes. */
export type Receipt = Record<string, string | number | boolean | null>;

export type ToolOutcome<O> = { output: O; receipt: Receipt };

/** An error the model can read and act on (bad id, not found, refused): it is not a crash. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolInputError";
  }
}

/** The outcome of a write could not be learnt: the run waits for a person to reconcile it. */
export class ToolOutcomeUnknownError extends Error {
  constructor(tool: string, why = "did not finish after it was stopped") {
    super(`${tool} ${why}: whether it took effect is unknown.`);
    this.name = "ToolOutcomeUnknownError";
  }
}

export type ToolDefinition<I extends z.ZodType = z.ZodType, O = unknown> = {
  name: string;
  version: number;
  description: string;
  /** Flat, described parameters: this is also the JSON schema the model sees. */
  input: I;
  /**
   * What policy decides the call on: the resource it acts on and the facts to compute. Every tool
   * declares one (`toolAsTarget(name)` for a tool that acts on no record of its own).
   */
  policy: PolicyTarget;
  /** The risk of a particular call: http_request is a read for GET and a write otherwise. */
  risk: (args: z.output<I>) => RiskClass;
  timeoutMs: number;
  idempotent: boolean;
  /**
   * Where the tool comes from when it is not built in: a tenant's MCP server, or a declaration of a
   * tool that runs outside Flightdeck (an agent that asks the gate makes the call itself), or a
   * person who answers it (the run waits for them; the engine executes nothing).
   */
  source?:
    | { kind: "mcp"; server: string; tool: string }
    | { kind: "declared" }
    | { kind: "person" }
    /** Another agent answers it, in a child run the engine starts (delegate). */
    | { kind: "agent" };
  execute: (args: z.output<I>, ctx: ToolContext) => Promise<ToolOutcome<O>>;
  /**
   * A write's first step, in its transaction: lock the rows the call will change, so the policy
   * decision the engine makes again under those locks still holds when the write commits (two runs
   * cannot both pass "one refund per order"). Answers "replay" when this call's effect already exists
   * under its idempotency key: a replay needs no new decision.
   */
  lockTargets?: (args: z.output<I>, ctx: ToolContext) => Promise<"replay" | undefined>;
  /**
   * Dry run: what the call would do, without any effect — the output the model reads (marked as a
   * preview) and evidence for a `preview` receipt (the diff, the message, the ledger entry).
   * Write and irreversible tools must have one; read tools run normally in a dry run.
   */
  preview?: (args: z.output<I>, ctx: ToolContext) => Promise<ToolOutcome<unknown>>;
  /**
   * Undo: reverses the effect a receipt proves (a reversal entry, the previous status, the previous
   * file content, a recalled email). Throws ToolInputError with a readable reason when it cannot
   * (e.g. the email was already delivered). Absent: the action can only be marked reverted by hand.
   */
  compensate?: (receipt: Receipt, ctx: CompensationContext) => Promise<ToolOutcome<unknown>>;
};

/** What an undo gets: the tenant's database and a key that makes the compensation happen once. */
export type CompensationContext = {
  db: Db;
  tenantId: string;
  /** Derived from the receipt being undone. */
  idempotencyKey: string;
  signal: AbortSignal;
};

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of every input type.
export type AnyTool = ToolDefinition<any, unknown>;
