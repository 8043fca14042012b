import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { RunSuiteForm } from "@/components/evals/run-suite-form";
import { SuiteCases } from "@/components/evals/suite-cases";
import { SuiteRunRefresh } from "@/components/evals/suite-run-refresh";
import { SuiteRunsTable } from "@/components/evals/suite-runs-table";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { evalCaseSchema } from "@/lib/evals/case-schema";
import { isActive } from "@/lib/evals/queue-suite-run";
import { latestResults, suiteRuns } from "@/lib/evals/suite-runs";
import { casesOf, suiteByName } from "@/lib/evals/suite-store";

export const metadata: Metadata = { title: "Eval suite" };

export default async function EvalSuitePage({ params }: { params: Promise<{ name: string }> }) {
  const { actor } = await requirePageSession();
  if (!can(actor, "evals:read")) return <Forbidden what="eval suites" />;
  const { name } = await params;
  const db = getDb();
  const suite = await suiteByName(db, actor, name).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const [cases, runs, latest] = await Promise.all([
    casesOf(db, actor, suite.id),
    suiteRuns(db, actor, suite.id),
    latestResults(db, actor, suite.id),
  ]);
  const byCase = new Map(latest.flatMap(({ result }) => (result.caseId ? [[result.caseId, result]] : [])));
  const agents = [
    ...new Set(cases.flatMap((c) => evalCaseSchema.safeParse(c.definition).data?.agent.name ?? [])),
  ].sort();
  return (
    <>
      <PageHeader
        title={suite.name}
        description={suite.description || `${cases.length} ${cases.length === 1 ? "case" : "cases"}`}
        actions={
          <div className="page-actions">
            <Link href="/evals" className="button button-secondary">
              ← Evals
            </Link>
            <a href={`/api/eval-suites/${suite.name}/file`} className="button button-secondary" download>
              Download
            </a>
          </div>
        }
      />
      {can(actor, "evals:write") && <RunSuiteForm suite={suite.name} agents={agents} />}
      <SuiteRunRefresh active={runs.some(isActive)} />
      <SuiteRunsTable runs={runs} />
      <SuiteCases suite={suite.name} cases={cases} latest={byCase} />
    </>
  );
}
