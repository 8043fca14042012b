"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { type ActionResult, runAction } from "@/lib/http/server-action";
import { startRun } from "@/lib/runs/start-run";
import { requireActor } from "@/lib/sign-in/session";

export type NewRunValues = { agent: string; input: string; model: string; session: string; dryRun?: boolean };
export type NewRunState = { result: ActionResult<unknown>; values: NewRunValues } | null;

const text = formText;

export async function startRunAction(_previous: NewRunState, form: FormData): Promise<NewRunState> {
  const values = {
    agent: text(form, "agent"),
    input: text(form, "input"),
    model: text(form, "model"),
    session: text(form, "session"),
    dryRun: text(form, "dryRun") === "on",
  };
  // startRun checks the scope and validates the input with startRunSchema.
  const result = await runAction(async () =>
    startRun(getDb(), await requireActor("runs:start"), {
      agent: values.agent,
      input: values.input,
      model: values.model || undefined,
      externalId: values.session || undefined,
      // Unchecked means "the agent's mode", not "live": a dry-run agent stays in dry run.
      dryRun: values.dryRun || undefined,
    }),
  );
  if (!result.ok) return { result, values };
  revalidatePath("/runs");
  // Outside runAction: redirect() works by throwing, and runAction would turn that into an error.
  redirect(`/runs/${result.data.id}`);
}
