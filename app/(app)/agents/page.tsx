import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Agents" };

export default async function AgentsPage() {
  await requirePageSession();
  return (
    <>
      <PageHeader
        title="Agents"
        description="The agents this tenant runs: model, instructions, tools and limits."
      />
      <EmptyState icon="🤖" title="No agents defined yet">
        <p>Agents you define appear here with their model, tools and limits.</p>
      </EmptyState>
    </>
  );
}
