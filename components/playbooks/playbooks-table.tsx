import Link from "next/link";
import { formatRelative, formatUtc } from "@/components/runs/format";
import type { PlaybookListItem } from "@/lib/playbooks/queries";
import { PlaybookTags } from "./playbook-tags";

export function PlaybooksTable({ playbooks, now }: { playbooks: PlaybookListItem[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="playbooks-table stacked-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Tags</th>
            <th>Applies to</th>
            <th className="num">Version</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {playbooks.map((playbook) => (
            <tr key={playbook.id} data-playbook-id={playbook.id}>
              <td data-label="Name">
                <Link href={`/playbooks/${playbook.id}`}>{playbook.name}</Link>
              </td>
              <td data-label="Tags">
                <PlaybookTags tags={playbook.tags} />
              </td>
              <td data-label="Applies to">
                {playbook.agents.length === 0 ? (
                  <span className="muted">no agent carries these tags</span>
                ) : (
                  playbook.agents.map((agent, i) => (
                    <span key={agent.id}>
                      {i > 0 && ", "}
                      <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
                    </span>
                  ))
                )}
              </td>
              <td className="num" data-label="Version">
                {playbook.version}
              </td>
              <td data-label="Updated">
                <time dateTime={playbook.updatedAt.toISOString()} title={formatUtc(playbook.updatedAt)}>
                  {formatRelative(playbook.updatedAt, now)}
                </time>{" "}
                by {playbook.updatedBy}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
