import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { replayRun, replayRunSchema } from "@/lib/runs/replay-run";
import { runByRequestKey } from "@/lib/runs/start-run";

const replayBody = snakeCaseBody(replayRunSchema);
const replayed = z.object({ id: z.string(), status: z.string(), replay_of: z.string() });

const answer = (run: { id: string; status: string }, parentId: string) =>
  Response.json(
    { id: run.id, status: run.status, replay_of: parentId },
    { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
  );

/** Replays a run with something changed, as a new run linked to it (docs/replay.md). */
export const POST = apiRoute<{ id: string }, typeof replayBody>(
  {
    scope: "runs:start",
    body: replayBody,
    responses: { 201: replayed },
    recover: async ({ actor, idempotencyKey, params }) => {
      const run = await runByRequestKey(getDb(), actor.tenantId, idempotencyKey);
      return run ? answer({ id: run.id, status: "queued" }, run.replayOf ?? params.id) : null;
    },
  },
  async ({ actor, body, params, idempotencyKey }) =>
    answer(
      await replayRun(getDb(), actor, params.id, body, { requestKey: idempotencyKey ?? undefined }),
      params.id,
    ),
);
