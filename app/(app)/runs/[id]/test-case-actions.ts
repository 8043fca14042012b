"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { saveRunAsTestCase } from "@/lib/evals/save-test-case";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

/** The run page's "Save as test case": the use case checks the scope, the run's tenant and the names. */
export async function saveTestCaseAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const actor = await requireActor("evals:write");
    const name = formText(form, "name").trim();
    const { suite, testCase } = await saveRunAsTestCase(getDb(), actor, formText(form, "runId"), {
      suite: formText(form, "suite").trim(),
      ...(name && { name }),
    });
    return { suite: suite.name, caseId: testCase.id, name: testCase.name };
  });
  if (result.ok) revalidatePath("/evals");
  return result;
}
