import {
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * How a run's history is fitted into its model's context window (docs/agents.md, "Context
 * strategy"): `clip_and_drop_middle` clips older large tool results first, then leaves out the
 * oldest turns; `drop_middle` sends results whole and only leaves out turns; `summarize` clips, then
 * sends a summary (made by the router model, a step of its own) in place of the oldest turns.
 */
export const CONTEXT_STRATEGIES = ["clip_and_drop_middle", "drop_middle", "summarize"] as const;
export type ContextStrategy = (typeof CONTEXT_STRATEGIES)[number];
export const DEFAULT_CONTEXT_STRATEGY: ContextStrategy = "clip_and_drop_middle";

export const ROLLOUT_STATES = ["active", "rolled_back", "promoted", "abandoned"] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

/**
 * A gradual rollout of another version of the agent (docs/rollout.md): `percent` of new runs run the
 * candidate's definition (copied here: versions never change, and a start reads it with the agent's
 * row, at no extra cost), the rest the agent's current one. It lives on the agent's row so that any
 * change to it changes the row's stamp, which every start from memory checks. An ended rollout stays
 * until the next one is set, with its state and reason.
 */
export type AgentRollout = {
  id: string;
  candidateVersion: number;
  candidate: AgentDefinition;
  /** Share (0–100) of new runs the candidate serves. */
  percent: number;
  /** Share (0–100) of the finished runs of the current version that the candidate shadows as a dry run. */
  shadowPercent: number;
  /** Rolled back when the candidate's failure rate exceeds the stable one by more than this (points, 0–100). */
  marginPct: number;
  windowMinutes: number;
  /** Ended runs each side needs in the window before the rates are compared. */
  minRuns: number;
  state: RolloutState;
  reason: string | null;
  startedAt: string;
  startedBy: string;
  endedAt: string | null;
  endedBy: string | null;
};

export const agents = pgTable(
  "agents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    /** `provider:model`, e.g. `sim:default`, `openai:gpt-5-mini`, `compat:llama3.1`. */
    model: text("model").notNull(),
    /** Answers while `model`'s circuit breaker is open (the provider keeps failing); null: none. */
    fallbackModel: text("fallback_model"),
    /**
     * A cheaper model for the simple turns: those right after a turn whose tool calls were all
     * successful reads (lib/runtime/model-routing.ts); null: every turn uses `model`.
     */
    routerModel: text("router_model"),
    instructions: text("instructions").notNull(),
    tools: jsonb("tools").$type<string[]>().notNull().default([]),
    maxSteps: integer("max_steps").notNull().default(30),
    maxSeconds: integer("max_seconds").notNull().default(300),
    // Budgets: null means no limit.
    maxToolCalls: integer("max_tool_calls"),
    /** Input plus output tokens over the whole run. */
    maxTokens: integer("max_tokens"),
    maxCostUsd: numeric("max_cost_usd", { precision: 14, scale: 6, mode: "number" }),
    contextStrategy: text("context_strategy", { enum: CONTEXT_STRATEGIES })
      .notNull()
      .default(DEFAULT_CONTEXT_STRATEGY),
    /** After a rejected approval: `continue` (the model reads the rejection) or `end` the run. */
    onReject: text("on_reject", { enum: ["continue", "end"] })
      .notNull()
      .default("continue"),
    /**
     * The evidence a success needs: tools of which the run must hold a receipt (support-triage: a
     * ticket update). A final answer without it ends `unverified`, however it is worded.
     */
    requiredEvidence: jsonb("required_evidence").$type<string[]>().notNull().default([]),
    /** Labels that attach playbooks (db/schema/playbooks.ts): a playbook applies to every agent carrying one of its tags. */
    tags: text("tags").array().notNull().default([]),
    /**
     * A workflow the agent's runs follow (lib/workflows registry) in place of a model's turns; null:
     * a model decides each step. Set where the agent is created (the demo seed), not by an edit.
     */
    workflow: text("workflow"),
    /** New agents start in a sandbox: write tools only preview until an admin switches them live. */
    dryRun: boolean("dry_run").notNull().default(true),
    version: integer("version").notNull().default(1),
    /** The rollout of another version, under way or the last one ended; null: never rolled out. */
    rollout: jsonb("rollout").$type<AgentRollout>(),
    /**
     * Each ended run leaves a summary in the agent's memory (`last_run`, its session's when it has
     * one): a setting of the agent's memory, not of its versions. See runs_remember_ended.
     */
    rememberRuns: boolean("remember_runs").notNull().default(false),
    /** Archived agents start no runs and leave the lists; their runs and versions stay. */
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    archivedBy: text("archived_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agents_tenant_name_key").on(t.tenantId, t.name)],
);

export type Agent = typeof agents.$inferSelect;

/** What a version of an agent fixes: every field an edit may change (see EDITABLE_AGENT_FIELDS). */
export type AgentDefinition = Pick<
  Agent,
  | "description"
  | "model"
  | "fallbackModel"
  | "routerModel"
  | "instructions"
  | "tools"
  | "requiredEvidence"
  | "tags"
  | "workflow"
  | "onReject"
  | "contextStrategy"
  | "dryRun"
  | "maxSteps"
  | "maxSeconds"
  | "maxToolCalls"
  | "maxTokens"
  | "maxCostUsd"
>;

/** Every saved definition of an agent, by version: who saved it, when and why. A run pins one. */
export const agentVersions = pgTable(
  "agent_versions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<AgentDefinition>().notNull(),
    comment: text("comment").notNull().default(""),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.version] })],
);

export type AgentVersion = typeof agentVersions.$inferSelect;
