import { z } from "zod";
import { getDb } from "@/db/client";
import { importAgents, importAgentsSchema } from "@/lib/agents/import-agents";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";

const importBody = snakeCaseBody(importAgentsSchema);

const imported = z.object({
  dry_run: z.boolean(),
  outcomes: z.array(
    z.object({ file: z.string(), agent: z.string(), action: z.string(), version: z.number() }),
  ),
});

/** Creates or updates agents from files; all or nothing. `dry_run: true` only says what would change. */
export const POST = apiRoute(
  { scope: "agents:write", body: importBody, maxBodyBytes: 6 * 1024 * 1024, responses: { 200: imported } },
  async ({ actor, body }) => {
    const { dryRun, outcomes } = await importAgents(getDb(), actor, body);
    return { dry_run: dryRun, outcomes } satisfies z.input<typeof imported>;
  },
);
