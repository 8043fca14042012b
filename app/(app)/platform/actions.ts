"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { platformOperatorOf } from "@/lib/auth/operator";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/http/form-input";
import { runAction } from "@/lib/http/server-action";
import { createTenant, updateTenant } from "@/lib/platform/tenants";
import { requireActor } from "@/lib/sign-in/session";

const operator = async () => platformOperatorOf(await requireActor());

export async function createTenantAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const created = await createTenant(getDb(), await operator(), {
      name: formText(form, "name"),
      admin_email: formText(form, "admin_email"),
    });
    return { name: created.tenant.name, invitation: created.invitation };
  });
  if (result.ok) revalidatePath("/platform");
  return result;
}

export async function renameTenantAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const tenant = await updateTenant(getDb(), await operator(), formText(form, "id"), {
      name: formText(form, "name"),
    });
    return { name: tenant.name };
  });
  if (result.ok) revalidatePath("/platform");
  return result;
}

export async function suspendTenantAction(_previous: unknown, form: FormData) {
  const result = await runAction(async () => {
    const actor = await requireActor();
    const suspending = platformOperatorOf(actor);
    const id = formText(form, "id");
    // Suspending the tenant one works in would sign oneself out of it mid-way.
    if (id === actor.tenantId)
      throw new AppError(
        "conflict",
        "You are signed in to this tenant: switch to another one to suspend it.",
      );
    const tenant = await updateTenant(getDb(), suspending, id, {
      suspended: true,
      reason: formText(form, "reason"),
    });
    return { name: tenant.name };
  });
  if (result.ok) revalidatePath("/platform");
  return result;
}

export async function resumeTenantAction(id: string) {
  const result = await runAction(async () => {
    const tenant = await updateTenant(getDb(), await operator(), id, { suspended: false });
    return { name: tenant.name };
  });
  if (result.ok) revalidatePath("/platform");
  return result;
}
