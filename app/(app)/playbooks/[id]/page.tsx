import "@/components/playbooks/playbooks.css";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/app/(app)/page-session";
import { DeletePlaybook } from "@/components/playbooks/delete-playbook";
import { PlaybookForm } from "@/components/playbooks/playbook-form";
import { PlaybookTags } from "@/components/playbooks/playbook-tags";
import { PlaybookVersions } from "@/components/playbooks/playbook-versions";
import { Time } from "@/components/time/time-zone";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { getPlaybook } from "@/lib/playbooks/queries";

export const metadata: Metadata = { title: "Playbook" };

async function found(...args: Parameters<typeof getPlaybook>) {
  try {
    return await getPlaybook(...args);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function PlaybookPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "playbooks:read")) return <Forbidden what="playbooks" />;
  const { playbook, versions } = await found(getDb(), actor, (await params).id);
  const editable = can(actor, "playbooks:write") && !playbook.deletedAt;
  return (
    <>
      <PageHeader
        title={playbook.name}
        description={`Version ${playbook.version}, saved by ${playbook.updatedBy}.`}
        actions={
          <div className="page-actions">
            <Link href="/playbooks" className="button button-secondary">
              ← Playbooks
            </Link>
            {can(actor, "audit:read") && (
              <Link href={`/audit?target=${playbook.id}`} className="button button-secondary">
                Audit entries
              </Link>
            )}
          </div>
        }
      />
      {/* Only until the first edit: the address keeps ?created=1 after saves. */}
      {(await searchParams).created === "1" && playbook.version === 1 && (
        <div className="alert alert-ok" role="status">
          Created {playbook.name}: runs that start from now on get it.
        </div>
      )}
      {playbook.deletedAt && (
        <div className="alert alert-warn" role="status">
          Deleted by {playbook.updatedBy} on <Time at={playbook.deletedAt} />: no new run gets it. Runs that
          got it keep their version.
        </div>
      )}
      <section className="card" aria-labelledby="applies-title">
        <h2 id="applies-title">Applies to</h2>
        <p>
          Tags: <PlaybookTags tags={playbook.tags} />
        </p>
        {playbook.deletedAt ? null : playbook.agents.length === 0 ? (
          <p className="muted">No agent carries these tags yet: give an agent one of them on its page.</p>
        ) : (
          <ul>
            {playbook.agents.map((agent) => (
              <li key={agent.id}>
                <Link href={`/agents/${agent.id}`}>{agent.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {editable ? (
        <PlaybookForm
          target={{ kind: "edit", id: playbook.id, version: playbook.version }}
          current={{
            name: playbook.name,
            instructions: playbook.instructions,
            tags: playbook.tags.join(", "),
          }}
        />
      ) : (
        !playbook.deletedAt && (
          <section className="card" aria-labelledby="instructions-title">
            <h2 id="instructions-title">Instructions</h2>
            <p className="playbook-text">{playbook.instructions}</p>
          </section>
        )
      )}
      <PlaybookVersions versions={versions} />
      {editable && <DeletePlaybook id={playbook.id} name={playbook.name} />}
    </>
  );
}
