import { createHmac } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { tenantBudgets, tenantSpendDays, tenants } from "@/db/schema";
import { recordSystemAudit } from "@/lib/audit/record-audit";
import type { Actor } from "@/lib/auth/actor";
import { queueWebhookEvent } from "@/lib/engine-events/webhooks-channel";
import { env } from "@/lib/env";
import { engageKillSwitch } from "@/lib/kill/engage-kill-switch";
import { postJson } from "@/lib/net/post-json";
import { publicUrl } from "@/lib/public-url";
import type { LedgerState } from "./tenant-ledger";

export type BudgetAlertKind = "threshold" | "exhausted";

export const SIGNATURE_HEADER = "x-flightdeck-signature";
const WEBHOOK_TIMEOUT_MS = 5_000;

/** Which alert the day's ledger calls for, if one has not been raised yet. */
export function dueAlert(ledger: LedgerState, refused: boolean): BudgetAlertKind | null {
  if (refused && !ledger.exhausted) return "exhausted";
  const used = ledger.budgetUsd > 0 ? (100 * ledger.spentUsd) / ledger.budgetUsd : 100;
  if (!ledger.alerted && used >= ledger.alertThresholdPct) return "threshold";
  return null;
}

/**
 * Raises a budget alert once per tenant, day and kind: the claim is one conditional update, so
 * many runs noticing together alert once. The alert is audited, queued for the tenant's webhook
 * receivers subscribed to `budget.*`, posted to the budget's own alert URL (signed with
 * HMAC-SHA256), and at "exhausted" the tenant is frozen when auto-freeze is on.
 */
export async function raiseBudgetAlert(
  db: Db,
  tenantId: string,
  ledger: LedgerState,
  kind: BudgetAlertKind,
  webhooks: { allowPrivate: boolean } = { allowPrivate: env().FLIGHTDECK_WEBHOOKS_ALLOW_PRIVATE ?? false },
): Promise<boolean> {
  const column = kind === "threshold" ? tenantSpendDays.alertedAt : tenantSpendDays.exhaustedAt;
  // The claim, the audit entry and the webhook events commit together: one alert, told once.
  const raised = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(tenantSpendDays)
      .set(
        kind === "threshold"
          ? { alertedAt: new Date() }
          : { exhaustedAt: new Date(), alertedAt: sql`coalesce(${tenantSpendDays.alertedAt}, now())` },
      )
      .where(and(eq(tenantSpendDays.tenantId, tenantId), eq(tenantSpendDays.day, ledger.day), isNull(column)))
      .returning({ day: tenantSpendDays.day });
    if (claimed.length === 0) return null;
    const [settings] = await tx
      .select({
        webhookUrl: tenantBudgets.alertWebhookUrl,
        secret: tenantBudgets.alertWebhookSecret,
        autoFreeze: tenantBudgets.autoFreeze,
        tenantName: tenants.name,
      })
      .from(tenantBudgets)
      .innerJoin(tenants, eq(tenants.id, tenantBudgets.tenantId))
      .where(eq(tenantBudgets.tenantId, tenantId));
    const event = kind === "threshold" ? "budget.threshold_reached" : "budget.exhausted";
    const figures = {
      day: ledger.day,
      budget_usd: ledger.budgetUsd,
      spent_usd: ledger.spentUsd,
      reserved_usd: ledger.reservedUsd,
      threshold_pct: ledger.alertThresholdPct,
    };
    const payload = {
      event,
      tenant: { id: tenantId, name: settings?.tenantName ?? "" },
      ...figures,
      at: new Date().toISOString(),
    };
    await recordSystemAudit(tx, tenantId, {
      action: payload.event,
      targetType: "tenant",
      targetId: tenantId,
      details: payload,
    });
    await queueWebhookEvent(tx, tenantId, event, {
      budget: { ...figures, url: publicUrl("/settings#budget-title") },
      at: payload.at,
    });
    return { settings, payload };
  });
  if (!raised) return false;
  const { settings, payload } = raised;
  if (kind === "exhausted" && settings?.autoFreeze) await freeze(db, tenantId, settings.tenantName, ledger);
  if (settings?.webhookUrl)
    await postWebhook(settings.webhookUrl, settings.secret, payload, webhooks.allowPrivate);
  return true;
}

/** The signature a receiver recomputes over the raw body: `sha256=<hex HMAC>`. */
export const signBody = (secret: string, body: string): string =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

async function postWebhook(url: string, secret: string | null, payload: object, allowPrivate: boolean) {
  const body = JSON.stringify(payload);
  try {
    const status = await postJson(url, body, {
      headers: secret ? { [SIGNATURE_HEADER]: signBody(secret, body) } : {},
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      allowPrivate,
    });
    if (status < 200 || status > 299) console.error(`Budget alert webhook answered ${status}`);
  } catch (error) {
    // An unreachable (or refused) receiver must not stop the engine; the alert is in the audit log regardless.
    console.error("Budget alert webhook failed", error instanceof Error ? error.message : error);
  }
}

async function freeze(db: Db, tenantId: string, tenantName: string, ledger: LedgerState) {
  const guard: Actor = {
    kind: "system",
    id: "budget-guard",
    label: "Budget guard",
    tenantId,
    tenantName,
    role: "admin",
  };
  await engageKillSwitch(db, guard, {
    scope: "tenant",
    reason: `Daily budget of $${ledger.budgetUsd.toFixed(2)} used up on ${ledger.day} (auto-freeze).`,
  }).catch((error) => {
    // Already frozen by someone: nothing more to do.
    if (!/already engaged/.test(String(error?.message))) throw error;
  });
}
