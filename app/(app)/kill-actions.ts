"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import type { KillScope } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { formText, formTexts } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill/release-kill-switch";
import { requireActor } from "@/lib/sign-in/session";

const text = formText;
const scopeOf = (scope: string): "kill:global" | "kill:engage" =>
  scope === "global" ? "kill:global" : "kill:engage";

/** Stop / Pause / Freeze / Emergency stop; the use case checks the scope, the target and its tenant. */
export async function engageKillAction(_previous: unknown, form: FormData) {
  const scope = text(form, "scope") as KillScope;
  const result = await runAction(async () => {
    const actor = await requireActor(scopeOf(scope));
    // Stopping everything wants STOP typed out, whatever the client sent.
    if (scope === "global" && text(form, "confirmation").trim() !== "STOP")
      throw new AppError("invalid_input", "Type STOP to confirm.", { field: "confirmation" });
    const { killedQueued } = await engageKillSwitch(getDb(), actor, {
      scope,
      target: text(form, "target") || undefined,
      reason: text(form, "reason"),
    });
    return { killedQueued };
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

const releaseInput = z.object(
  {
    scope: z.string().max(20),
    target: z.string().max(200).optional(),
    reason: z.string().max(2000).optional(),
  },
  { error: "Say which switch to release." },
);

export async function releaseKillAction(input: { scope: string; target?: string; reason?: string }) {
  const result = await runAction(async () => {
    const { scope, target, reason } = releaseInput.parse(input);
    await releaseKillSwitch(getDb(), await requireActor(scopeOf(scope)), {
      scope: scope as KillScope,
      target,
      reason,
    });
    return null;
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Stops every selected run on the runs list, one switch each. */
export async function bulkStopAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const actor = await requireActor("kill:engage");
    const runIds = z.array(z.uuid()).max(200).parse(formTexts(form, "runId"));
    if (runIds.length === 0) throw new AppError("invalid_input", "Select the runs to stop.");
    for (const target of runIds)
      await engageKillSwitch(getDb(), actor, { scope: "run", target, reason: text(form, "reason") });
    return { stopped: runIds.length };
  });
  if (result.ok) revalidatePath("/runs");
  return result;
}
