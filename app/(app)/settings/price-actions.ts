"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { deletePrice, setPrice } from "@/lib/models/price-table";
import { requireActor } from "@/lib/sign-in/session";

const text = (form: FormData, name: string) => formText(form, name).trim();
// An empty field is no number (refused with the field's message), not zero.
const amount = (form: FormData, name: string) =>
  text(form, name) === "" ? Number.NaN : Number(text(form, name));

export async function setPriceAction(_previous: unknown, form: FormData) {
  const reasoning = text(form, "reasoningPerMTok");
  const window = text(form, "contextWindow").replaceAll(",", "");
  const result = await runAction(async () =>
    setPrice(getDb(), await requireActor("prices:manage"), {
      model: text(form, "model"),
      effectiveFrom: text(form, "effectiveFrom"),
      inputPerMTok: amount(form, "inputPerMTok"),
      cachedInputPerMTok: amount(form, "cachedInputPerMTok"),
      outputPerMTok: amount(form, "outputPerMTok"),
      reasoningPerMTok: reasoning === "" ? null : Number(reasoning),
      contextWindow: window === "" ? null : Number(window),
      note: text(form, "note") || undefined,
    }),
  );
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function deletePriceAction(model: string, effectiveFrom: string) {
  const result = await runAction(async () =>
    deletePrice(getDb(), await requireActor("prices:manage"), { model, effectiveFrom }),
  );
  if (result.ok) revalidatePath("/", "layout");
  return result;
}
