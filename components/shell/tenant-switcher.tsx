"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { switchTenantAction } from "@/app/(app)/actions";
import type { Role } from "@/db/schema/memberships";

export function TenantSwitcher({
  tenantId,
  tenants,
}: {
  tenantId: string;
  tenants: { id: string; name: string; role: Role }[];
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  if (tenants.length < 2) {
    return (
      <div className="user-line" data-testid="tenant-name">
        {tenants[0]?.name}
      </div>
    );
  }
  return (
    <div>
      <label htmlFor="tenant-switcher">Tenant</label>
      <select
        id="tenant-switcher"
        value={tenantId}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          startTransition(async () => {
            const result = await switchTenantAction(next);
            if (result.ok) {
              // The cache is shared by every page: nothing of the tenant left behind may show.
              queryClient.clear();
              router.refresh();
            } else setError(result.error.message);
          });
        }}
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.role})
          </option>
        ))}
      </select>
      {error && <div role="alert">{error}</div>}
    </div>
  );
}
