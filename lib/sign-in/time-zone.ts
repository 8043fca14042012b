import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

let zones: ReadonlySet<string> | null = null;

/** The IANA zones this runtime knows (Intl), and UTC, which some runtimes list only as Etc/UTC. */
export function knownTimeZones(): ReadonlySet<string> {
  zones ??= new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  return zones;
}

export const timeZoneSchema = z
  .string()
  .trim()
  .max(100)
  .refine((zone) => knownTimeZones().has(zone), {
    message: "Choose a time zone from the list (an IANA name such as Europe/Paris, or UTC).",
  });

/** A signed-in person chooses the zone their timestamps are shown in. */
export async function setOwnTimeZone(
  db: DbOrTx,
  actor: Actor,
  input: { timeZone: unknown },
): Promise<string> {
  if (actor.kind !== "user") throw new AppError("forbidden", "Only a signed-in person has a time zone.");
  const parsed = timeZoneSchema.safeParse(input.timeZone);
  if (!parsed.success)
    throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Not a time zone.", {
      field: "timeZone",
    });
  await db.update(users).set({ timeZone: parsed.data }).where(eq(users.id, actor.id));
  return parsed.data;
}
