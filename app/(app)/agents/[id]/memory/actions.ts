"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { runAction } from "@/lib/http/server-action";
import { deleteMemoryItem, putMemoryItem } from "@/lib/memory/edit-memory";
import { requireActor } from "@/lib/sign-in/session";

// Arguments come from the browser: anything at all may arrive.
const agentIdInput = z.string({ error: "Name the agent by its id." }).max(100);
const itemInput = z.object({
  key: z.string({ error: "Name the key." }).max(300),
  session: z.string().max(300).optional(),
});
const saveInput = itemInput.extend({
  valueJson: z.string({ error: "Write the value as JSON." }).max(64 * 1024, "The value is too long."),
  expectedVersion: z.number().int().min(0).optional(),
});

/** The editor's text as JSON, or a message that says where it is not. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_input", `The value is not valid JSON: ${(error as Error).message}`, {
      field: "value",
    });
  }
}

/** A person writes a key's next version (putMemoryItem checks the scope and the tenant, and audits). */
export async function saveMemoryAction(agentId: string, input: z.input<typeof saveInput>) {
  const result = await runAction(async () => {
    const actor = await requireActor("memory:write");
    const id = agentIdInput.parse(agentId);
    const parsed = saveInput.parse(input);
    const item = await putMemoryItem(getDb(), actor, id, parsed.key, {
      value: parseValue(parsed.valueJson),
      session: parsed.session || undefined,
      expectedVersion: parsed.expectedVersion,
    });
    return { version: item.version };
  });
  if (result.ok) revalidatePath(`/agents/${agentId}/memory`);
  return result;
}

export async function deleteMemoryAction(agentId: string, input: z.input<typeof itemInput>) {
  const result = await runAction(async () => {
    const actor = await requireActor("memory:write");
    const parsed = itemInput.parse(input);
    const item = await deleteMemoryItem(
      getDb(),
      actor,
      agentIdInput.parse(agentId),
      parsed.key,
      parsed.session || undefined,
    );
    return { version: item.version };
  });
  if (result.ok) revalidatePath(`/agents/${agentId}/memory`);
  return result;
}
