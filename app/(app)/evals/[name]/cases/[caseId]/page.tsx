import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { CaseHistory } from "@/components/evals/case-history";
import { TrajectoryDiffView } from "@/components/evals/trajectory-diff-view";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { evalCaseSchema } from "@/lib/evals/case-schema";
import { caseHistory } from "@/lib/evals/suite-runs";
import { suiteByName } from "@/lib/evals/suite-store";
import { trajectoryDiff } from "@/lib/evals/trajectory-diff";

// The file's own field order (the database keeps JSON keys in its order).
const readable = (definition: unknown) => evalCaseSchema.safeParse(definition).data ?? definition;

export const metadata: Metadata = { title: "Eval case" };

export default async function EvalCasePage({
  params,
}: {
  params: Promise<{ name: string; caseId: string }>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "evals:read")) return <Forbidden what="eval suites" />;
  const { name, caseId } = await params;
  const db = getDb();
  const found = await Promise.all([suiteByName(db, actor, name), caseHistory(db, actor, caseId)]).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") notFound();
      throw error;
    },
  );
  const [suite, { testCase, results }] = found;
  if (testCase.suiteId !== suite.id) notFound();
  const diff = trajectoryDiff(results.map((r) => r.result));
  return (
    <>
      <PageHeader
        title={testCase.name}
        description={`A case of ${name}`}
        actions={
          <div className="page-actions">
            <Link href={`/evals/${name}`} className="button button-secondary">
              ← {name}
            </Link>
            {testCase.fromRunId && (
              <Link href={`/runs/${testCase.fromRunId}`} className="button button-secondary">
                The run it was saved from
              </Link>
            )}
          </div>
        }
      />
      <CaseHistory results={results} />
      {diff && <TrajectoryDiffView rows={diff.rows} />}
      <section className="card" aria-labelledby="definition-title">
        <h2 id="definition-title">Definition</h2>
        <pre className="eval-definition">{JSON.stringify(readable(testCase.definition), null, 2)}</pre>
      </section>
    </>
  );
}
