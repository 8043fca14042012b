import { prettyJson } from "@/components/runs/format";
import { Time } from "@/components/time/time-zone";
import type { MemoryItemView, MemoryVersionView } from "@/lib/memory/agent-memory";
import { isRunSummary } from "@/lib/memory/run-summaries";
import { DeleteMemory } from "./delete-memory";
import { MemoryEditor } from "./memory-editor";
import { MemorySourceLink, UntrustedBadge, valuePreview } from "./memory-source";

type Props = {
  agentId: string;
  item: MemoryItemView;
  versions: MemoryVersionView[];
  canWrite: boolean;
  listHref: string;
};

/** One item: its value, where it came from, every version, and (for operators) edit and delete. */
export function MemoryItemDetail({ agentId, item, versions, canWrite, listHref }: Props) {
  return (
    <section className="card memory-item" aria-labelledby="memory-item-title">
      <div className="trace-head">
        <h2 id="memory-item-title">
          {item.key} {item.untrusted && <UntrustedBadge />}
        </h2>
        <a href={listHref}>Close</a>
      </div>
      <p className="muted">
        {item.session ? `Session ${item.session}` : "The agent's own memory"} · version {item.version} ·
        written by <MemorySourceLink source={item.source} /> on <Time at={item.updatedAt} />
      </p>
      {item.untrusted && (
        <p className="alert alert-warn">
          {isRunSummary(item.source)
            ? "A run's summary: its answer is a model's text, written after reading whatever the run read."
            : "This value was read in text written by outsiders."}{" "}
          Runs get it back marked untrusted, so policy treats a call that uses it as untrusted. Saving it here
          makes a new version written by you, and trusted.
        </p>
      )}
      {canWrite ? (
        <MemoryEditor
          key={item.version}
          agentId={agentId}
          item={{ key: item.key, session: item.session, version: item.version }}
          initialJson={prettyJson(item.value)}
        />
      ) : (
        <pre className="memory-value">{prettyJson(item.value)}</pre>
      )}
      <h3>Versions</h3>
      <ol className="memory-versions">
        {versions.map((version) => (
          <li key={version.version} data-version={version.version}>
            <span className="memory-version-head">
              <strong>v{version.version}</strong> <Time at={version.writtenAt} /> ·{" "}
              <MemorySourceLink source={version.source} />
              {version.untrusted && <UntrustedBadge />}
            </span>
            {version.deleted ? (
              <span className="muted">deleted</span>
            ) : (
              <code className="memory-preview">{valuePreview(version.value, 160)}</code>
            )}
          </li>
        ))}
      </ol>
      {canWrite && (
        <DeleteMemory agentId={agentId} itemKey={item.key} session={item.session} listHref={listHref} />
      )}
    </section>
  );
}
