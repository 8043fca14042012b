"use server";

import { getDb } from "@/db/client";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";
import { setOwnTimeZone } from "@/lib/sign-in/time-zone";

/** The signed-in person's time zone for timestamps (an IANA name, checked against Intl's list). */
export async function setTimeZoneAction(timeZone: string) {
  return runAction(async () => ({
    timeZone: await setOwnTimeZone(getDb(), await requireActor(), { timeZone }),
  }));
}
