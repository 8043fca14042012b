import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { scopesOf } from "@/lib/auth/scopes";
import { requirePageSession } from "@/lib/auth/session";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { actor, user, tenants } = await requirePageSession();
  return (
    <AppShell
      user={{ email: user.email, name: user.name }}
      role={actor.role}
      scopes={scopesOf(actor.role)}
      tenantId={actor.tenantId}
      tenants={tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, role: t.role }))}
    >
      {children}
    </AppShell>
  );
}
