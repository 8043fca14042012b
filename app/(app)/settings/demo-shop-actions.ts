"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { DEMO_SHOP_SCOPE, setDemoShopSettings } from "@/lib/demo/demo-shop-settings";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

export async function setDemoShopAction(_previous: unknown, form: FormData) {
  const percent = formText(form, "flakyPercent").trim();
  const result = await runAction(async () =>
    setDemoShopSettings(getDb(), await requireActor(DEMO_SHOP_SCOPE), {
      healthy: formText(form, "healthy") === "healthy",
      detail: formText(form, "detail"),
      flakyPercent: percent === "" ? Number.NaN : Number(percent),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
