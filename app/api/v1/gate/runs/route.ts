import { getDb } from "@/db/client";
import { openGateRun } from "@/lib/gate/open-run";
import { openGateRunSchema } from "@/lib/gate/schemas";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { runByRequestKey } from "@/lib/runs/start-run";
import { gateRunOpenedJson } from "../gate-json";

const opened = (run: { id: string; status: string; traceId: string }) =>
  Response.json(
    { id: run.id, status: run.status, trace_id: run.traceId },
    { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
  );

const openBody = snakeCaseBody(openGateRunSchema);

/** Opens a governed run for an agent that runs elsewhere (docs/gate.md). */
export const POST = apiRoute(
  {
    scope: "runs:start",
    body: openBody,
    responses: { 201: gateRunOpenedJson },
    recover: async ({ actor, idempotencyKey }) => {
      const run = await runByRequestKey(getDb(), actor.tenantId, idempotencyKey);
      return run ? opened(run) : null;
    },
  },
  async ({ actor, body, idempotencyKey }) =>
    opened(await openGateRun(getDb(), actor, body, idempotencyKey ?? undefined)),
);
