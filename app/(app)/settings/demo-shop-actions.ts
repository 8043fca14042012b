"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/session";
import { DEMO_SHOP_SCOPE, setDemoShopSettings } from "@/lib/demo/demo-shop-settings";
import { runAction } from "@/lib/http/server-action";

export async function setDemoShopAction(_previous: unknown, form: FormData) {
  const percent = String(form.get("flakyPercent") ?? "").trim();
  const result = await runAction(async () =>
    setDemoShopSettings(getDb(), await requireActor(DEMO_SHOP_SCOPE), {
      healthy: form.get("healthy") === "healthy",
      detail: String(form.get("detail") ?? ""),
      flakyPercent: percent === "" ? Number.NaN : Number(percent),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
