import type { Metadata } from "next";
import { requirePageSession } from "@/app/(app)/page-session";
import { ImportSuiteForm } from "@/components/evals/import-suite-form";
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
        description="Suites of cases with the outcome each must have. Run one here (a worker runs it) or with npm run eval, which exits non-zero on a regression so it can gate CI; each case runs in a scratch tenant."
      />
      {can(actor, "evals:write") && <ImportSuiteForm />}
      {suites.length === 0 ? (
        <EmptyState icon="🧪" title="No eval suites yet">
          <p>
            Open a run and use <strong>Save as test case</strong>: its goal and what it did become a case. Or
            import a suite file above (or with <code>POST /api/v1/eval-suites</code>).
          </p>
          <p>
            Results appear here when a suite runs: its page's <strong>Run suite</strong>, or{" "}
            <code>npm run eval -- --suite demo-support --save</code>.
          </p>
        </EmptyState>
      ) : (
        <SuitesTable suites={suites} />
      )}
    </>
  );
}
