import type { Metadata } from "next";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage() {
  await requirePageSession();
  return (
    <>
      <PageHeader title="Dashboards" description="Cost, undo rate, escalations and operations over time." />
      <EmptyState icon="📈" title="No data to chart yet">
        <p>
          Charts of cost per day, cost per successful task, undo rate and latency appear once runs have been
          recorded.
        </p>
      </EmptyState>
    </>
  );
}
