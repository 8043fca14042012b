import type { z } from "zod";
import type { Db } from "@/db/client";

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

export type ToolDefinition<I extends z.ZodType = z.ZodType, O = unknown> = {
  name: string;
  version: number;
  description: string;
  /** Flat, described parameters: this is also the JSON schema the model sees. */
  input: I;
  /** The risk of a particular call: http_request is a read for GET and a write otherwise. */
  risk: (args: z.output<I>) => RiskClass;
  timeoutMs: number;
  idempotent: boolean;
  execute: (args: z.output<I>, ctx: ToolContext) => Promise<ToolOutcome<O>>;
};

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of every input type.
export type AnyTool = ToolDefinition<any, unknown>;
