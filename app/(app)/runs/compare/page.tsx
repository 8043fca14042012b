import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { RunComparisonView } from "@/components/runs/run-comparison-view";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { compareRuns } from "@/lib/runs/run-comparison";

export const metadata: Metadata = { title: "Compare runs" };

/** Two runs side by side: /runs/compare?a=<run>&b=<run> (a replay's page links here with its parent). */
export default async function CompareRunsPage({
  searchParams,
}: {
  searchParams: Promise<{ a?: string; b?: string }>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "runs:read")) return <Forbidden what="runs" />;
  const { a = "", b = "" } = await searchParams;
  const comparison = await compareRuns(getDb(), actor, a, b).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  });
  if (!comparison) notFound();
  return (
    <>
      <PageHeader
        title="Compare runs"
        description={`Run ${comparison.a.id.slice(0, 8)} (A) and run ${comparison.b.id.slice(0, 8)} (B), tool calls aligned step by step`}
        actions={
          <div className="page-actions">
            <Link href={`/runs/${comparison.a.id}`} className="button button-secondary">
              Open A
            </Link>
            <Link href={`/runs/${comparison.b.id}`} className="button button-secondary">
              Open B
            </Link>
          </div>
        }
      />
      <RunComparisonView comparison={comparison} />
    </>
  );
}
