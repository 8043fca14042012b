"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { importAgents } from "@/lib/agents/import-agents";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

/** Checks (dryRun) or applies agent files; importAgents checks the scope and validates everything. */
export async function importAgentsAction(input: {
  files: { name: string; text: string }[];
  dryRun: boolean;
}) {
  const result = await runAction(async () =>
    importAgents(getDb(), await requireActor("agents:write"), input),
  );
  if (result.ok && !input.dryRun) revalidatePath("/agents");
  return result;
}
