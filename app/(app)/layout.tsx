import type { ReactNode } from "react";
import { requirePageSession } from "@/app/(app)/page-session";
import { AppShell } from "@/components/shell/app-shell";
import { TimeZoneProvider } from "@/components/time/time-zone";
import { TimeZoneOffer } from "@/components/time/time-zone-offer";
import { getDb } from "@/db/client";
import { pendingCount } from "@/lib/approvals/queries";
import { can } from "@/lib/auth/actor";
import { scopesOf } from "@/lib/auth/scopes";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { activeBannerSwitches } from "@/lib/kill/queries";
import { knownTimeZones } from "@/lib/sign-in/time-zone";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { actor, user, tenants } = await requirePageSession();
  const db = getDb();
  const [switches, pendingApprovals, budget] = await Promise.all([
    activeBannerSwitches(db, actor.tenantId),
    can(actor, "approvals:read") ? pendingCount(db, actor) : 0,
    tenantBudgetToday(db, actor.tenantId),
  ]);
  return (
    // A zone this runtime no longer knows (an older ICU's name) reads as UTC rather than failing.
    <TimeZoneProvider timeZone={user.timeZone && knownTimeZones().has(user.timeZone) ? user.timeZone : "UTC"}>
      <AppShell
        user={{ email: user.email, name: user.name }}
        role={actor.role}
        scopes={[
          ...scopesOf(actor.role),
          ...(can(actor, "tenants:manage") ? (["tenants:manage"] as const) : []),
        ]}
        canStopEverything={can(actor, "kill:global")}
        tenantId={actor.tenantId}
        pendingApprovals={pendingApprovals}
        budgetAlert={
          budget?.alerting
            ? {
                spentUsd: budget.spentUsd,
                budgetUsd: budget.budgetUsd,
                thresholdPct: budget.alertThresholdPct,
              }
            : null
        }
        tenants={tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }))}
        killSwitches={switches.map((s) => ({
          id: s.id,
          scope: s.scope,
          reason: s.reason,
          engagedBy: s.engagedBy,
          engagedAt: s.engagedAt.toISOString(),
        }))}
      >
        {user.timeZone === null && <TimeZoneOffer />}
        {children}
      </AppShell>
    </TimeZoneProvider>
  );
}
