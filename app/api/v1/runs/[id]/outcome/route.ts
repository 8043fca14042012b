import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { runOutcomeInput, setRunOutcome } from "@/lib/runs/run-outcome";

/** Records a person's verdict on a finished run: accepted, rejected or corrected (with a note). */
export const POST = apiRoute<{ id: string }, typeof runOutcomeInput>(
  { scope: "approvals:decide", body: runOutcomeInput },
  async ({ actor, params, body }) => {
    const row = await setRunOutcome(getDb(), actor, params.id, body);
    return { id: row.id, outcome: row.outcome, outcome_by: row.outcomeBy, outcome_at: row.outcomeAt };
  },
);
