import { formatUtc } from "@/components/runs/format";
import type { PlaybookVersion } from "@/db/schema";
import { PlaybookTags } from "./playbook-tags";

/** Every save of a playbook, newest first, with who wrote it and its text. */
export function PlaybookVersions({ versions }: { versions: PlaybookVersion[] }) {
  return (
    <section className="card" aria-labelledby="playbook-versions-title">
      <h2 id="playbook-versions-title">Versions</h2>
      <ol className="playbook-versions">
        {versions.map((v) => (
          <li key={v.version} data-version={v.version}>
            <strong>Version {v.version}</strong>
            {v.deleted && <span className="badge badge-archived">deleted</span>} · {v.writtenBy} ·{" "}
            <time dateTime={v.writtenAt.toISOString()}>{formatUtc(v.writtenAt)}</time>
            {!v.deleted && (
              <details>
                <summary>
                  {v.name} · tags <PlaybookTags tags={v.tags} />
                </summary>
                <p className="playbook-text">{v.instructions}</p>
              </details>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
