"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import type { WebhookEvent } from "@/db/schema";
import { formText, formTexts } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
import { createWebhookEndpoint, deleteWebhookEndpoint, sendTestWebhook } from "@/lib/webhooks/endpoints";

export async function createWebhookAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () =>
    createWebhookEndpoint(getDb(), await requireActor("webhooks:manage"), {
      url: formText(form, "url").trim(),
      events: formTexts(form, "events") as Exclude<WebhookEvent, "ping">[],
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function deleteWebhookAction(id: string) {
  const result = await runAction(async () =>
    deleteWebhookEndpoint(getDb(), await requireActor("webhooks:manage"), { id }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function sendTestWebhookAction(id: string) {
  const result = await runAction(async () =>
    sendTestWebhook(getDb(), await requireActor("webhooks:manage"), { id }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
