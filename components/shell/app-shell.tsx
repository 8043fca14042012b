import type { ReactNode } from "react";
import { EmergencyStop } from "@/components/kill/emergency-stop";
import { type BannerSwitch, KillBanner } from "@/components/kill/kill-banner";
import type { Role } from "@/db/schema/memberships";
import type { Scope } from "@/lib/auth/scopes";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { TenantSwitcher } from "./tenant-switcher";

type Props = {
  user: { email: string; name: string };
  role: Role;
  scopes: Scope[];
  /** A deployment operator (FLIGHTDECK_PLATFORM_ADMINS): the emergency stop of every tenant. */
  canStopEverything: boolean;
  tenantId: string;
  tenants: { id: string; name: string; role: Role }[];
  /** Engaged global and tenant switches, shown as a banner on every page. */
  killSwitches: BannerSwitch[];
  /** Approval requests waiting in this tenant: the live badge's first value. */
  pendingApprovals: number;
  /** Set when today's spend has reached the tenant's alert threshold. */
  budgetAlert?: { spentUsd: number; budgetUsd: number; thresholdPct: number } | null;
  children: ReactNode;
};

export function AppShell({
  user,
  role,
  scopes,
  canStopEverything,
  tenantId,
  tenants,
  killSwitches,
  pendingApprovals,
  budgetAlert,
  children,
}: Props) {
  const tenantName = tenants.find((t) => t.id === tenantId)?.name ?? "This tenant";
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <aside className="sidebar" aria-label="Main navigation">
        <a href="/" className="brand" aria-label="Flightdeck home: the last 24 hours at a glance">
          <span className="brand-mark" aria-hidden /> Flightdeck
        </a>
        <NavLinks scopes={scopes} pendingApprovals={pendingApprovals} />
        {canStopEverything && <EmergencyStop engaged={killSwitches.some((s) => s.scope === "global")} />}
        <div className="sidebar-footer">
          <TenantSwitcher tenantId={tenantId} tenants={tenants} />
          <div>
            <div className="user-line">{user.name}</div>
            <div className="muted" style={{ color: "#8d99a8" }}>
              {user.email}
            </div>
            <span className="role-pill" data-testid="current-role">
              {role}
            </span>
          </div>
          <SignOutButton />
        </div>
      </aside>
      <main id="main" className="main">
        <KillBanner switches={killSwitches} tenantName={tenantName} />
        {budgetAlert && (
          <p className="alert alert-warn budget-banner" role="status" data-testid="budget-banner">
            {tenantName} has spent ${budgetAlert.spentUsd.toFixed(2)} of its $
            {budgetAlert.budgetUsd.toFixed(2)} daily budget today (
            {Math.floor((100 * budgetAlert.spentUsd) / (budgetAlert.budgetUsd || 1))} %, alert at{" "}
            {budgetAlert.thresholdPct} %). <a href="/settings#budget-title">Budget settings</a>
          </p>
        )}
        {children}
      </main>
    </div>
  );
}
