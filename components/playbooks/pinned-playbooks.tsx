import Link from "next/link";
import type { PinnedPlaybook } from "@/db/schema";

type Props = {
  playbooks: PinnedPlaybook[];
  title: string;
  /** What the list means where it is shown (the run's pinned versions, the agent's next runs). */
  intro: string;
  empty: string;
};

/** Playbook versions added to a system prompt, each with its text (trusted: written by operators). */
export function PinnedPlaybooks({ playbooks, title, intro, empty }: Props) {
  return (
    <section className="card" aria-labelledby="pinned-playbooks-title">
      <h2 id="pinned-playbooks-title">{title}</h2>
      {playbooks.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <>
          <p className="hint">{intro}</p>
          <ul className="pinned-playbooks">
            {playbooks.map((p) => (
              <li key={p.id} data-playbook={p.name}>
                <Link href={`/playbooks/${p.id}`}>{p.name}</Link> · version {p.version}
                <details>
                  <summary>Instructions</summary>
                  <p className="playbook-text">{p.instructions}</p>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
