import { z } from "zod";
import { ROLLOUT_STATES } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import type { RolloutView } from "./rollout-view";

/** An agent's rollout as the API gives it: settings, state, the runs each side served and the shadows. */
export const rolloutJson = z.object({
  agent_id: z.string(),
  agent: z.string(),
  stable_version: z.number(),
  rollout: z
    .object({
      id: z.string(),
      candidate_version: z.number(),
      percent: z.number(),
      shadow_percent: z.number(),
      margin_pct: z.number(),
      window_minutes: z.number(),
      min_runs: z.number(),
      state: z.enum(ROLLOUT_STATES),
      reason: z.string().nullable(),
      started_at: timestamp,
      started_by: z.string(),
      ended_at: timestamp.nullable(),
      ended_by: z.string().nullable(),
    })
    .nullable(),
  served: z.array(
    z.object({
      version: z.number(),
      role: z.enum(["stable", "candidate"]),
      runs: z.number(),
      ended: z.number(),
      failed: z.number(),
      failure_rate: z.number().nullable(),
      writes: z.number(),
      undone: z.number(),
      undo_rate: z.number().nullable(),
    }),
  ),
  shadows: z.array(
    z.object({
      candidate_version: z.number(),
      compared: z.number(),
      pending: z.number(),
      same_outcome_rate: z.number().nullable(),
      same_effects_rate: z.number().nullable(),
      mean_cost_delta_usd: z.number().nullable(),
    }),
  ),
  recent_shadows: z.array(
    z.object({
      live_run_id: z.string(),
      shadow_run_id: z.string().nullable(),
      live_version: z.number(),
      candidate_version: z.number(),
      same_outcome: z.boolean().nullable(),
      same_effects: z.boolean().nullable(),
      cost_delta_usd: z.number().nullable(),
      error: z.string().nullable(),
      compared_at: timestamp.nullable(),
    }),
  ),
});

export function toRolloutJson(view: RolloutView): z.input<typeof rolloutJson> {
  const r = view.rollout;
  return {
    agent_id: view.agentId,
    agent: view.agentName,
    stable_version: view.stableVersion,
    rollout: r && {
      id: r.id,
      candidate_version: r.candidateVersion,
      percent: r.percent,
      shadow_percent: r.shadowPercent,
      margin_pct: r.marginPct,
      window_minutes: r.windowMinutes,
      min_runs: r.minRuns,
      state: r.state,
      reason: r.reason,
      started_at: r.startedAt,
      started_by: r.startedBy,
      ended_at: r.endedAt,
      ended_by: r.endedBy,
    },
    served: view.served.map((s) => ({
      version: s.version,
      role: s.role,
      runs: s.runs,
      ended: s.ended,
      failed: s.failed,
      failure_rate: s.failureRate,
      writes: s.writes,
      undone: s.undone,
      undo_rate: s.undoRate,
    })),
    shadows: view.shadows.map((s) => ({
      candidate_version: s.candidateVersion,
      compared: s.compared,
      pending: s.pending,
      same_outcome_rate: s.sameOutcomeRate,
      same_effects_rate: s.sameEffectsRate,
      mean_cost_delta_usd: s.meanCostDeltaUsd,
    })),
    recent_shadows: view.recentShadows.map((s) => ({
      live_run_id: s.liveRunId,
      shadow_run_id: s.shadowRunId,
      live_version: s.liveVersion,
      candidate_version: s.candidateVersion,
      same_outcome: s.sameOutcome,
      same_effects: s.sameEffects,
      cost_delta_usd: s.costDeltaUsd,
      error: s.error,
      compared_at: s.comparedAt,
    })),
  };
}
