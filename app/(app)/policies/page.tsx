import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage() {
  await requirePageSession();
  return (
    <>
      <PageHeader
        title="Policies"
        description="The policy that decides which tool calls are allowed, denied or sent for approval."
      />
      <EmptyState icon="📜" title="No policy in force yet">
        <p>The tenant's policy-as-code, its versions and a form to test a call against it appear here.</p>
      </EmptyState>
    </>
  );
}
