import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { revokeSessions } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";
import { newPasswordSchema } from "@/lib/invitations/accept-invitation";

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, { message: "Enter your current password." }).max(1000),
  newPassword: newPasswordSchema,
});

/** A signed-in person changes their own password; the current one is required. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: z.input<typeof changePasswordSchema>,
): Promise<void> {
  if (actor.kind !== "user")
    throw new AppError("forbidden", "Only a signed-in person can change their password.");
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError("unauthenticated", "Your session has ended: sign in again.");
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("invalid_input", "Your current password is not right.", { field: "currentPassword" });
  }
  if (currentPassword === newPassword) {
    throw new AppError("invalid_input", "Choose a password different from the current one.", {
      field: "newPassword",
    });
  }
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    // Only if unchanged since it was checked, so two concurrent changes cannot both pass the check.
    const updated = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, actor.id), eq(users.passwordHash, user.passwordHash ?? "")))
      .returning({ id: users.id });
    if (updated.length === 0)
      throw new AppError("conflict", "Your password was just changed: sign in again.");
    // Every session ends, this one too: whoever held the old password is signed out everywhere.
    await revokeSessions(tx, actor.id);
    await recordAudit(tx, actor, {
      action: "account.password_changed",
      targetType: "user",
      targetId: actor.id,
    });
  });
}
