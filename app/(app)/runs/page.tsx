import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage() {
  await requirePageSession();
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every agent run in this tenant, newest first, with its status, stop reason and cost."
      />
      <EmptyState icon="▶" title="No runs yet">
        <p>When an agent runs, it appears here with a live trace of every model call and tool call.</p>
      </EmptyState>
    </>
  );
}
