"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { runAction } from "@/lib/http/server-action";
import { currentSession, TENANT_COOKIE } from "@/lib/sign-in/session";

/** Switches the tenant the signed-in user works in; only to tenants they are a member of. */
export async function switchTenantAction(tenantId: string) {
  return runAction(async () => {
    const id = z.uuid().parse(tenantId);
    const context = await currentSession();
    if (!context) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
    if (!context.tenants.some((t) => t.tenantId === id)) throw new AppError("not_found", "No such tenant.");
    (await cookies()).set(TENANT_COOKIE, id, {
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      secure: process.env.NODE_ENV === "production" && process.env.NEXTAUTH_URL?.startsWith("https:"),
    });
    return { tenantId: id };
  });
}
