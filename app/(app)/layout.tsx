import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getDb } from "@/db/client";
import { scopesOf } from "@/lib/auth/scopes";
import { requirePageSession } from "@/lib/auth/session";
import { activeBannerSwitches } from "@/lib/kill/queries";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { actor, user, tenants } = await requirePageSession();
  const switches = await activeBannerSwitches(getDb(), actor.tenantId);
  return (
    <AppShell
      user={{ email: user.email, name: user.name }}
      role={actor.role}
      scopes={scopesOf(actor.role)}
      tenantId={actor.tenantId}
      tenants={tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }))}
      killSwitches={switches.map((s) => ({
        id: s.id,
        scope: s.scope,
        reason: s.reason,
        engagedBy: s.engagedBy,
        engagedAt: s.engagedAt.toISOString(),
      }))}
    >
      {children}
    </AppShell>
  );
}
