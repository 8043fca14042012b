"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { queueSuiteRun } from "@/lib/evals/queue-suite-run";
import { importSuite } from "@/lib/evals/suite-store";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

const MAX_FILE_BYTES = 4 * 1024 * 1024;

// The file chosen, else the text pasted: either is a suite file, read as JSON here.
async function suiteText(form: unknown): Promise<string> {
  const file = form instanceof FormData ? form.get("file") : null;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_FILE_BYTES)
      throw new AppError("invalid_input", "The file is larger than 4 MB.", { field: "file" });
    return file.text();
  }
  const pasted = formText(form, "text").trim();
  if (!pasted) throw new AppError("invalid_input", "Choose a suite file or paste one.", { field: "file" });
  return pasted;
}

/** The Evals page's import: importSuite checks the scope, validates the file and audits. */
export async function importSuiteAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const actor = await requireActor("evals:write");
    const text = await suiteText(form);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new AppError("invalid_input", `The suite is not JSON: ${(error as Error).message}`, {
        field: "file",
      });
    }
    const { suite, cases, replaced } = await importSuite(getDb(), actor, parsed);
    return { name: suite.name, cases, replaced };
  });
  if (result.ok) {
    revalidatePath("/evals");
    revalidatePath(`/evals/${result.data.name}`);
  }
  return result;
}

/** A suite page's "Run suite": queued for a worker; the page follows its progress. */
export async function queueSuiteRunAction(_previous: unknown, form: FormData) {
  const suite = formText(form, "suite");
  const result = await runAction(async () => {
    const actor = await requireActor("evals:write");
    const agent = formText(form, "agent").trim();
    const version = formText(form, "agentVersion").trim();
    const model = formText(form, "model").trim();
    if (version && !/^\d+$/.test(version))
      throw new AppError("invalid_input", "A version is a whole number.", { field: "agentVersion" });
    const run = await queueSuiteRun(getDb(), actor, suite, {
      ...(agent && { agent }),
      ...(version && { agentVersion: Number(version) }),
      ...(model && { model }),
    });
    return { id: run.id, cases: run.casesTotal };
  });
  if (result.ok) revalidatePath(`/evals/${suite}`);
  return result;
}
