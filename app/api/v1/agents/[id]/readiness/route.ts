import { z } from "zod";
import { getDb } from "@/db/client";
import { getAgent } from "@/lib/agents/queries";
import { type Readiness, readinessOf, setReadinessGate } from "@/lib/agents/readiness";
import { readinessJson } from "@/lib/evals/eval-json";
import { apiRoute } from "@/lib/http/api-route";

const toJson = (readiness: Readiness | null, version: number) => ({
  suite: readiness?.suite.name ?? null,
  version,
  state: readiness?.state ?? null,
  last_run: readiness?.lastRun
    ? {
        id: readiness.lastRun.id,
        passed: readiness.lastRun.passed,
        failed: readiness.lastRun.failed,
        finished_at: readiness.lastRun.finishedAt.toISOString(),
      }
    : null,
});

/** The agent's readiness gate (suite null: none) and its state for the agent's current version. */
export const GET = apiRoute<{ id: string }>(
  { scope: "agents:read", responses: { 200: readinessJson } },
  async ({ actor, params }) => {
    const db = getDb();
    const agent = await getAgent(db, actor, params.id);
    return toJson(await readinessOf(db, actor.tenantId, agent.id, agent.version), agent.version);
  },
);

const gateBody = z
  .object({
    suite: z
      .string({ error: "Name the suite (or send null to remove the gate)." })
      .trim()
      .min(1)
      .max(100)
      .nullable(),
  })
  .strict();

/** Sets the suite that must pass before the agent goes live, or removes the gate (null). Admins. */
export const PUT = apiRoute<{ id: string }, typeof gateBody>(
  { scope: "agents:write", body: gateBody, responses: { 200: readinessJson } },
  async ({ actor, params, body }) => {
    const db = getDb();
    const readiness = await setReadinessGate(db, actor, params.id, body.suite);
    const agent = await getAgent(db, actor, params.id);
    return toJson(readiness, agent.version);
  },
);
