import { getDb } from "@/db/client";
import { importAgents, importAgentsSchema } from "@/lib/agents/import-agents";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";

const importBody = snakeCaseBody(importAgentsSchema);

/** Creates or updates agents from files; all or nothing. `dry_run: true` only says what would change. */
export const POST = apiRoute(
  { scope: "agents:write", body: importBody, maxBodyBytes: 6 * 1024 * 1024 },
  async ({ actor, body }) => {
    const { dryRun, outcomes } = await importAgents(getDb(), actor, body);
    return { dry_run: dryRun, outcomes };
  },
);
