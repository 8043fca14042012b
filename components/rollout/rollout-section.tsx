import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { RolloutView } from "@/lib/rollout/rollout-view";
import { RolloutDecision, RolloutForm } from "./rollout-form";

type Props = {
  view: RolloutView;
  /** Every saved version of the agent, newest first. */
  versions: number[];
  canWrite: boolean;
};

const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)} %`);
const usd = (delta: number | null) =>
  delta === null ? "—" : `${delta >= 0 ? "+" : "−"}$${Math.abs(delta).toFixed(4)}`;

const STATE_LABELS = {
  active: "Under way",
  rolled_back: "Rolled back",
  promoted: "Promoted",
  abandoned: "Abandoned",
} as const;

const STATE_BADGES = {
  active: "badge-pending",
  rolled_back: "badge-failed",
  promoted: "badge-delivered",
  abandoned: "badge-archived",
} as const;

/** The agent's rollout: its settings and state, the runs each version served, and the shadows' agreement. */
export function RolloutSection({ view, versions, canWrite }: Props) {
  const rollout = view.rollout;
  const active = rollout?.state === "active";
  const candidates = versions.filter((v) => v !== view.stableVersion);
  return (
    <section className="card rollout" id="rollout" aria-labelledby="rollout-title">
      <h2 id="rollout-title">Rollout</h2>
      <p className="hint">
        A candidate version serves a share of new runs; the workers roll it back when it fails more often than
        the current version by the margin. Failures: failed, unverified and escalated runs.
      </p>
      {rollout ? (
        <dl className="run-facts rollout-facts">
          <div>
            <dt>State</dt>
            <dd>
              <span className={`badge ${STATE_BADGES[rollout.state]}`}>{STATE_LABELS[rollout.state]}</span>
            </dd>
          </div>
          <div>
            <dt>Candidate</dt>
            <dd>
              Version {rollout.candidateVersion} against version {view.stableVersion}
            </dd>
          </div>
          <div>
            <dt>Share of new runs</dt>
            <dd>{rollout.percent} %</dd>
          </div>
          <div>
            <dt>Shadow sample</dt>
            <dd>{rollout.shadowPercent} %</dd>
          </div>
          <div>
            <dt>Rollback</dt>
            <dd>
              {rollout.marginPct} points worse over {rollout.windowMinutes} min, at least {rollout.minRuns}{" "}
              runs each
            </dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>
              <Time at={new Date(rollout.startedAt)} /> by {rollout.startedBy}
            </dd>
          </div>
          {rollout.endedAt && (
            <div>
              <dt>Ended</dt>
              <dd>
                <Time at={new Date(rollout.endedAt)} /> by {rollout.endedBy}
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">No version has been rolled out yet.</p>
      )}
      {rollout?.reason && (
        <div className="alert alert-warn rollout-reason" role="status">
          Rolled back: {rollout.reason}
        </div>
      )}
      {rollout && <Served view={view} />}
      {view.shadows.length > 0 && <Shadows view={view} />}
      {canWrite && active && (
        <RolloutDecision
          agentId={view.agentId}
          candidateVersion={rollout.candidateVersion}
          agentVersion={view.stableVersion}
        />
      )}
      {canWrite && (
        <div className="rollout-settings">
          <h3>{active ? "Change the rollout" : "Roll out a version"}</h3>
          <RolloutForm
            agentId={view.agentId}
            candidates={candidates}
            active={active}
            current={{
              candidateVersion: String(active ? rollout.candidateVersion : (candidates[0] ?? "")),
              percent: String(active ? rollout.percent : 10),
              shadowPercent: String(active ? rollout.shadowPercent : 0),
              marginPct: String(rollout?.marginPct ?? 10),
              windowMinutes: String(rollout?.windowMinutes ?? 60),
              minRuns: String(rollout?.minRuns ?? 20),
            }}
          />
        </div>
      )}
    </section>
  );
}

function Served({ view }: { view: RolloutView }) {
  if (view.served.length === 0) return <p className="muted">No run has started under this rollout yet.</p>;
  return (
    <div className="table-wrap">
      <table className="rollout-served">
        <caption className="sr-only">Runs each version served since the rollout began</caption>
        <thead>
          <tr>
            <th>Version</th>
            <th className="num">Runs</th>
            <th className="num">Ended</th>
            <th className="num">Failed</th>
            <th className="num">Failure rate</th>
            <th className="num">Undo rate</th>
          </tr>
        </thead>
        <tbody>
          {view.served.map((s) => (
            <tr key={`${s.role}-${s.version}`} data-role={s.role}>
              <td>
                Version {s.version} <span className="muted">({s.role})</span>
              </td>
              <td className="num">{s.runs}</td>
              <td className="num">{s.ended}</td>
              <td className="num">{s.failed}</td>
              <td className="num">{percent(s.failureRate)}</td>
              <td className="num" title={`${s.undone} of ${s.writes} write actions undone`}>
                {percent(s.undoRate)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Shadows({ view }: { view: RolloutView }) {
  return (
    <>
      <h3>Shadows</h3>
      <div className="table-wrap">
        <table className="rollout-shadows">
          <caption className="sr-only">
            How each candidate version's shadows compared with the live runs
          </caption>
          <thead>
            <tr>
              <th>Candidate</th>
              <th className="num">Compared</th>
              <th className="num">Same outcome</th>
              <th className="num">Same effects</th>
              <th className="num">Cost difference (mean)</th>
            </tr>
          </thead>
          <tbody>
            {view.shadows.map((s) => (
              <tr key={s.candidateVersion}>
                <td>
                  Version {s.candidateVersion}
                  {s.pending > 0 && <span className="muted"> ({s.pending} under way)</span>}
                </td>
                <td className="num">{s.compared}</td>
                <td className="num">{percent(s.sameOutcomeRate)}</td>
                <td className="num">{percent(s.sameEffectsRate)}</td>
                <td className="num">{usd(s.meanCostDeltaUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="rollout-pairs">
        {view.recentShadows
          .filter((s) => s.shadowRunId && s.comparedAt)
          .map((s) => (
            <li key={s.liveRunId}>
              <Link href={`/runs/compare?a=${s.liveRunId}&b=${s.shadowRunId}`}>
                Run {s.liveRunId.slice(0, 8)} against its shadow
              </Link>
              : {s.sameOutcome ? "same outcome" : "another outcome"},{" "}
              {s.sameEffects ? "same effects" : "other effects"}
            </li>
          ))}
      </ul>
    </>
  );
}
