import { getDb } from "@/db/client";
import { importAgents, importAgentsSchema } from "@/lib/agents/import-agents";
import { apiRoute } from "@/lib/http/api-route";

/** Creates or updates agents from files; all or nothing. `dryRun: true` only says what would change. */
export const POST = apiRoute(
  { scope: "agents:write", body: importAgentsSchema, maxBodyBytes: 6 * 1024 * 1024 },
  async ({ actor, body }) => importAgents(getDb(), actor, body),
);
