import type { DbOrTx } from "@/db/client";
import type { Evidence } from "./provenance";

/** The Cedar types a fact can have. */
export type FactType = "Long" | "Boolean" | "String" | "Set<String>";
export type FactValue = number | boolean | string | string[];

/** What a fact can be computed from: the tenant's data, the run's evidence so far, the time. */
export type FactInput = {
  db: DbOrTx;
  tenantId: string;
  appBaseUrl: string;
  evidence: Evidence;
  now: Date;
};

/**
 * What policy needs to know about a tool's call beyond its arguments: the resource it acts on
 * (Cedar's `resource`) and the facts Flightdeck looks up or derives (Cedar's `context.facts`).
 * Declared by the tool, so the policy layer decides any tool without knowing it by name.
 */
export type PolicyTarget = {
  resourceType: string;
  facts: Record<string, FactType>;
  resourceId: (args: Record<string, unknown>) => string;
  compute?: (
    args: Record<string, unknown>,
    input: FactInput,
  ) => Promise<Record<string, FactValue>> | Record<string, FactValue>;
};

/** A tool that acts on no record of its own (a search, a check): the resource is named after the tool. */
export const toolAsTarget = (toolName: string): PolicyTarget => ({
  resourceType: "Target",
  facts: {},
  resourceId: () => toolName,
});

export const str = (v: unknown): string => (typeof v === "string" ? v : "");
