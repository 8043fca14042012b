import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { Readiness } from "@/lib/agents/readiness";
import { ReadinessGateForm } from "./readiness-gate-form";

const STATE_TEXT = {
  passed: "passed",
  failed: "failed",
  never_run: "never run",
} as const;

const STATE_CLASS = {
  passed: "run-status-succeeded",
  failed: "run-status-failed",
  never_run: "run-status-queued",
} as const;

type Props = {
  agentId: string;
  agentName: string;
  version: number;
  dryRun: boolean;
  readiness: Readiness | null;
  /** The tenant's suites, for an admin to choose from; null when the reader cannot set the gate. */
  suites: string[] | null;
};

/** The agent's readiness gate: the suite that must pass against its current version before it goes live. */
export function ReadinessGate({ agentId, agentName, version, dryRun, readiness, suites }: Props) {
  return (
    <section className="card" aria-labelledby="readiness-title">
      <h2 id="readiness-title" className="tools-section-title" style={{ padding: 0 }}>
        Readiness gate
      </h2>
      {readiness ? (
        <>
          <p data-readiness={readiness.state}>
            Suite{" "}
            <Link href={`/evals/${readiness.suite.name}`} className="mono">
              {readiness.suite.name}
            </Link>{" "}
            against version {version}:{" "}
            <span className={`badge run-status ${STATE_CLASS[readiness.state]}`}>
              {STATE_TEXT[readiness.state]}
            </span>
            {readiness.lastRun && (
              <>
                {" "}
                ({readiness.lastRun.passed} of {readiness.lastRun.passed + readiness.lastRun.failed} cases,{" "}
                <Time at={readiness.lastRun.finishedAt} precision="minute" />)
              </>
            )}
          </p>
          <p className="hint">
            {readiness.state === "passed"
              ? `${agentName} may go live at version ${version}.`
              : `${agentName} cannot go live until the suite's latest run against version ${version} passes every case${dryRun ? "" : " (it is live already; the gate applies the next time it is switched to live)"}. Run the suite from its page.`}
          </p>
        </>
      ) : (
        <p className="hint">
          No gate: {agentName} may be switched to live at any time. An admin can name a suite that must pass
          first.
        </p>
      )}
      {suites && (
        <ReadinessGateForm agentId={agentId} suites={suites} current={readiness?.suite.name ?? ""} />
      )}
    </section>
  );
}
