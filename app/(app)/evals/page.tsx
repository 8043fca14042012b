import type { Metadata } from "next";
import { requirePageSession } from "@/app/(app)/page-session";
import { SuitesTable } from "@/components/evals/suites-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { listSuites } from "@/lib/evals/suite-runs";

export const metadata: Metadata = { title: "Evals" };

export default async function EvalsPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "evals:read")) return <Forbidden what="eval suites" />;
  const suites = await listSuites(getDb(), actor);
  return (
    <>
      <PageHeader
        title="Evals"
        description="Suites of cases with the outcome each must have. npm run eval runs a suite on the engine, each case in a scratch tenant, and exits non-zero on a regression, so it can gate CI."
      />
      {suites.length === 0 ? (
        <EmptyState icon="🧪" title="No eval suites yet">
          <p>
            Open a run and use <strong>Save as test case</strong>: its goal and what it did become a case. Or
            import a suite file with <code>POST /api/v1/eval-suites</code>.
          </p>
          <p>
            Results appear here when a suite runs with{" "}
            <code>npm run eval -- --suite demo-support --save</code>.
          </p>
        </EmptyState>
      ) : (
        <SuitesTable suites={suites} />
      )}
    </>
  );
}
