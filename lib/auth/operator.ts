import { timingSafeEqual } from "node:crypto";
import { type Actor, isPlatformAdmin } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { sha256Hex } from "@/lib/sha256";

/**
 * Someone acting for the deployment rather than for a tenant: a person FLIGHTDECK_PLATFORM_ADMINS
 * names (signed in, email proven), or automation holding FLIGHTDECK_PLATFORM_TOKEN.
 */
export type PlatformOperator = { id: string | null; label: string };

/** The signed-in person as a deployment operator, or forbidden. */
export function platformOperatorOf(actor: Actor): PlatformOperator {
  if (!isPlatformAdmin(actor))
    throw new AppError("forbidden", "Only a deployment operator may do this (tenants:manage).");
  return { id: actor.id, label: actor.label };
}

/** Whether a bearer token is the configured platform token (compared in constant time). */
export function isPlatformToken(token: string): boolean {
  const configured = env().FLIGHTDECK_PLATFORM_TOKEN;
  if (!configured) return false;
  return timingSafeEqual(Buffer.from(sha256Hex(token), "hex"), Buffer.from(sha256Hex(configured), "hex"));
}

export const PLATFORM_TOKEN_OPERATOR: PlatformOperator = { id: null, label: "platform token" };
