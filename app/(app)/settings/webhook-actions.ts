"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import type { WebhookEvent, WebhookFormat } from "@/db/schema";
import { formText, formTexts } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  resendWebhookDelivery,
  sendTestWebhook,
} from "@/lib/webhooks/endpoints";
import { setEscalationSetting } from "@/lib/webhooks/escalation-setting";

export async function createWebhookAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () =>
    createWebhookEndpoint(getDb(), await requireActor("webhooks:manage"), {
      url: formText(form, "url").trim(),
      events: formTexts(form, "events") as Exclude<WebhookEvent, "ping">[],
      format: formText(form, "format") as WebhookFormat,
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

export async function resendWebhookDeliveryAction(id: string, deliveryId: string) {
  const result = await runAction(async () =>
    resendWebhookDelivery(getDb(), await requireActor("webhooks:manage"), { id, deliveryId }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function setEscalationAction(_previous: unknown, form: FormData) {
  const raw = formText(form, "after_minutes").trim();
  const result = await runAction(async () =>
    setEscalationSetting(getDb(), await requireActor("webhooks:manage"), {
      after_minutes: raw === "" ? null : Number(raw),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
