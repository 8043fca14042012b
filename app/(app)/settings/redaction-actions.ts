"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText, formTexts } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { setRedactionRules } from "@/lib/redaction/tenant-rules";
import { requireActor } from "@/lib/sign-in/session";

/** The kinds ticked, and one pattern per non-empty line. */
export async function setRedactionAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () =>
    setRedactionRules(getDb(), await requireActor("redaction:manage"), {
      types: formTexts(form, "types") as never,
      patterns: formText(form, "patterns")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== ""),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
