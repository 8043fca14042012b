"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { setBudgetAlerts, setTenantBudget } from "@/lib/budgets/tenant-budget";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { revokeInvitation } from "@/lib/invitations/open-invitations";
import { changeMemberRole, inviteMember, removeMember } from "@/lib/members/members";
import { resetMemberSignIn } from "@/lib/members/reset-sign-in";
import { verifyTenantReceipts } from "@/lib/receipts/verify";
import { requireActor } from "@/lib/sign-in/session";

const text = formText;

export async function inviteMemberAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () =>
    inviteMember(getDb(), await requireActor("members:manage"), {
      email: text(form, "email"),
      name: text(form, "name") || undefined,
      role: text(form, "role") as "viewer",
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function changeRoleAction(userId: string, role: string) {
  const result = await runAction(async () =>
    changeMemberRole(getDb(), await requireActor("members:manage"), { userId, role: role as "viewer" }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function removeMemberAction(userId: string) {
  const result = await runAction(async () =>
    removeMember(getDb(), await requireActor("members:manage"), { userId }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function revokeInvitationAction(id: string) {
  const result = await runAction(async () =>
    revokeInvitation(getDb(), await requireActor("members:manage"), { id }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function createApiKeyAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () =>
    createApiKey(
      getDb(),
      await requireActor("api_keys:manage"),
      // "ingest" is offered beside the roles: a key that only sends traces.
      text(form, "role") === "ingest"
        ? { name: text(form, "name"), purpose: "ingest" }
        : { name: text(form, "name"), role: text(form, "role") as "viewer" },
    ),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function revokeApiKeyAction(id: string) {
  const result = await runAction(async () =>
    revokeApiKey(getDb(), await requireActor("api_keys:manage"), { id }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function setTenantBudgetAction(_previous: unknown, form: FormData) {
  const raw = text(form, "dailyBudgetUsd").trim();
  const tokens = text(form, "dailyUnpricedTokens").trim();
  const result = await runAction(async () =>
    setTenantBudget(getDb(), await requireActor("budgets:manage"), {
      dailyBudgetUsd: raw === "" ? null : Number(raw),
      dailyUnpricedTokens: tokens === "" ? null : Number(tokens),
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function setBudgetAlertsAction(_previous: unknown, form: FormData) {
  const url = text(form, "alertWebhookUrl").trim();
  const result = await runAction(async () =>
    // setBudgetAlerts validates with zod (a blank threshold becomes NaN and is refused there).
    setBudgetAlerts(getDb(), await requireActor("budgets:manage"), {
      alertThresholdPct: Number(text(form, "alertThresholdPct").trim() || Number.NaN),
      alertWebhookUrl: url === "" ? null : url,
      autoFreeze: text(form, "autoFreeze") === "on",
    }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}

export async function verifyReceiptsAction(_previous: unknown, _form: FormData) {
  return runAction(async () => verifyTenantReceipts(getDb(), await requireActor("receipts:verify")));
}

export async function resetSignInAction(userId: string) {
  const result = await runAction(async () =>
    resetMemberSignIn(getDb(), await requireActor("members:manage"), { userId }),
  );
  if (result.ok) revalidatePath("/settings");
  return result;
}
