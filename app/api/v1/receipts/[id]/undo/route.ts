import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { undoInput, undoReceipt } from "@/lib/receipts/undo";
import { revertJson, toRevertJson } from "../../revert-json";

/** Undo: runs the tool's compensation as its own receipt, linked both ways; 409 when it cannot be undone. */
export const POST = apiRoute<{ id: string }, typeof undoInput>(
  { scope: "receipts:undo", body: undoInput, responses: { 200: revertJson } },
  async ({ actor, body, params }) => toRevertJson(await undoReceipt(getDb(), actor, params.id, body)),
);
