import { Time } from "@/components/time/time-zone";
import type { AgentVersion } from "@/db/schema";
import { diffDefinitions } from "@/lib/agents/versions";
import { PolicyDiff } from "../policy/policy-diff";
import { CHANGED_LABELS } from "./format";
import { RestoreVersionButton } from "./restore-version-button";

type Props = {
  agentId: string;
  current: number;
  versions: AgentVersion[];
  /** The two versions to compare, from the page's query. */
  compare: { from: number; to: number } | null;
  canWrite: boolean;
};

const shown = (value: unknown): string =>
  value === null ? "none" : Array.isArray(value) ? value.join(", ") || "none" : String(value);

/** Every saved version of the agent (who, when, why), a diff of any two, and restore. */
export function AgentVersions({ agentId, current, versions, compare, canWrite }: Props) {
  if (versions.length === 0) return null;
  const from = versions.find((v) => v.version === compare?.from);
  const to = versions.find((v) => v.version === compare?.to);
  const oldest = versions.at(-1)?.version ?? current;
  return (
    <section className="card agent-versions" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <p className="hint">Every saved change is a version; a run keeps the version it started with.</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th className="num">Version</th>
              <th>Saved by</th>
              <th>When</th>
              <th>Comment</th>
              {canWrite && (
                <th>
                  <span className="sr-only">Restore</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-version={v.version}>
                <td className="num">
                  {v.version}
                  {v.version === current && (
                    <span className="badge badge-operator version-current">current</span>
                  )}
                </td>
                <td>{v.createdBy}</td>
                <td>
                  <Time at={v.createdAt} />
                </td>
                <td className="policy-comment">{v.comment || <span className="muted">—</span>}</td>
                {canWrite && (
                  <td>
                    {v.version !== current && (
                      <RestoreVersionButton agentId={agentId} version={v.version} current={current} />
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > 1 && (
        <form method="get" action={`/agents/${agentId}`} className="form-row version-compare">
          <VersionSelect
            name="from"
            label="Compare version"
            versions={versions}
            selected={from?.version ?? versions[1]?.version ?? oldest}
          />
          <VersionSelect
            name="to"
            label="with version"
            versions={versions}
            selected={to?.version ?? current}
          />
          <div className="field">
            <button type="submit" className="button-secondary">
              Compare
            </button>
          </div>
        </form>
      )}
      {compare && (!from || !to) && (
        <p className="alert alert-error" role="alert">
          There is no version {!from ? compare.from : compare.to} of this agent.
        </p>
      )}
      {from && to && <VersionDiff from={from} to={to} />}
    </section>
  );
}

function VersionDiff({ from, to }: { from: AgentVersion; to: AgentVersion }) {
  const changes = diffDefinitions(from.definition, to.definition);
  return (
    <section aria-label={`Changes from version ${from.version} to version ${to.version}`} id="version-diff">
      <h3>
        Changes from version {from.version} to version {to.version}
      </h3>
      {changes.length === 0 ? (
        <p className="muted">The two versions are the same.</p>
      ) : (
        <dl className="version-changes">
          {changes.map((change) => (
            <div key={change.field}>
              <dt>{CHANGED_LABELS[change.field] ?? change.field}</dt>
              <dd>
                {change.field === "instructions" ? (
                  <PolicyDiff
                    from={String(change.from)}
                    to={String(change.to)}
                    label={`Instructions of version ${from.version} against version ${to.version}`}
                  />
                ) : (
                  <>
                    <del>{shown(change.from)}</del> → <ins>{shown(change.to)}</ins>
                  </>
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

type VersionSelectProps = { name: string; label: string; versions: AgentVersion[]; selected: number };

function VersionSelect({ name, label, versions, selected }: VersionSelectProps) {
  return (
    <div className="field">
      <label htmlFor={`compare-${name}`}>{label}</label>
      <select id={`compare-${name}`} name={name} defaultValue={selected}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version}
          </option>
        ))}
      </select>
    </div>
  );
}
