import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { markRevertedInput, markRevertedManually } from "@/lib/receipts/undo";
import { revertJson, toRevertJson } from "../../revert-json";

/** For an action reverted by hand: a `manual_revert` receipt with the note, linked both ways. */
export const POST = apiRoute<{ id: string }, typeof markRevertedInput>(
  { scope: "receipts:undo", body: markRevertedInput, responses: { 200: revertJson } },
  async ({ actor, body, params }) =>
    toRevertJson(await markRevertedManually(getDb(), actor, params.id, body)),
);
