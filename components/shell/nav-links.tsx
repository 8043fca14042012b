"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { PendingBadge } from "@/components/approvals/pending-badge";
import type { Scope } from "@/lib/auth/scopes";

const LINKS: { href: string; label: string; scope: Scope }[] = [
  { href: "/runs", label: "Runs", scope: "runs:read" },
  { href: "/approvals", label: "Approvals", scope: "approvals:read" },
  { href: "/agents", label: "Agents", scope: "agents:read" },
  { href: "/playbooks", label: "Playbooks", scope: "playbooks:read" },
  { href: "/tools", label: "Tools", scope: "agents:read" },
  { href: "/documents", label: "Documents", scope: "documents:read" },
  { href: "/dashboards", label: "Dashboards", scope: "dashboards:read" },
  { href: "/evals", label: "Evals", scope: "evals:read" },
  { href: "/policies", label: "Policies", scope: "policies:read" },
  { href: "/audit", label: "Audit log", scope: "audit:read" },
  { href: "/settings", label: "Settings", scope: "members:read" },
  // Deployment operators only: the layout adds this scope for them.
  { href: "/platform", label: "Tenants", scope: "tenants:manage" },
];

export function NavLinks({ scopes, pendingApprovals }: { scopes: Scope[]; pendingApprovals: number }) {
  const pathname = usePathname();
  return (
    <nav className="nav">
      {LINKS.filter((link) => scopes.includes(link.scope)).map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={pathname === link.href || pathname.startsWith(`${link.href}/`) ? "page" : undefined}
        >
          {link.label}
          {link.href === "/approvals" && <PendingBadge initial={pendingApprovals} />}
        </Link>
      ))}
    </nav>
  );
}
