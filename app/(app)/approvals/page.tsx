import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  await requirePageSession();
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Risky tool calls wait here for a person to approve, edit or reject them."
      />
      <EmptyState icon="✋" title="Nothing is waiting for approval">
        <p>
          When policy asks for a human decision on a tool call, the request and the run so far appear here.
        </p>
      </EmptyState>
    </>
  );
}
