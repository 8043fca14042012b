import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { timestamp } from "@/lib/http/json-shapes";
import { runMessageInput, sendRunMessage } from "@/lib/runs/send-run-message";

const sent = z.object({
  id: z.string(),
  run_id: z.string(),
  message: z.string(),
  sent_by: z.string(),
  created_at: timestamp,
  /** The model step that carried it to the model; null until the run's next model turn. */
  delivered_seq: z.number().nullable(),
});

/** Sends a run under way an instruction: its model reads it at the next turn, once, as trusted operator input. */
export const POST = apiRoute<{ id: string }, typeof runMessageInput>(
  { scope: "runs:steer", body: runMessageInput, responses: { 201: sent } },
  async ({ actor, params, body }) => {
    const row = await sendRunMessage(getDb(), actor, params.id, body);
    const json: z.input<typeof sent> = {
      id: row.id,
      run_id: row.runId,
      message: row.body,
      sent_by: row.sentBy,
      created_at: row.createdAt.toISOString(),
      delivered_seq: row.deliveredSeq,
    };
    return Response.json(json, { status: 201 });
  },
);
