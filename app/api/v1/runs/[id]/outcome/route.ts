import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { timestamp } from "@/lib/http/json-shapes";
import { runOutcomeInput, setRunOutcome } from "@/lib/runs/run-outcome";

const recorded = z.object({
  id: z.string(),
  outcome: z.string().nullable(),
  outcome_by: z.string().nullable(),
  outcome_at: timestamp.nullable(),
});

/** Records a person's verdict on a finished run: accepted, rejected or corrected (with a note). */
export const POST = apiRoute<{ id: string }, typeof runOutcomeInput>(
  { scope: "approvals:decide", body: runOutcomeInput, responses: { 200: recorded } },
  async ({ actor, params, body }) => {
    const row = await setRunOutcome(getDb(), actor, params.id, body);
    return { id: row.id, outcome: row.outcome, outcome_by: row.outcomeBy, outcome_at: row.outcomeAt };
  },
);
