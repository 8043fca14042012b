import "@/components/playbooks/playbooks.css";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { PlaybooksTable } from "@/components/playbooks/playbooks-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { listPlaybooks } from "@/lib/playbooks/queries";

export const metadata: Metadata = { title: "Playbooks" };

export default async function PlaybooksPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "playbooks:read")) return <Forbidden what="playbooks" />;
  const playbooks = await listPlaybooks(getDb(), actor);
  const canWrite = can(actor, "playbooks:write");
  return (
    <>
      <PageHeader
        title="Playbooks"
        description="Standing instructions written by people, attached to agents by tag: each run of an agent with one of a playbook's tags gets its current version in its system prompt, and keeps that version."
        actions={
          canWrite && (
            <div className="page-actions">
              <Link href="/playbooks/new" className="button button-primary">
                New playbook
              </Link>
            </div>
          )
        }
      />
      {playbooks.length === 0 ? (
        <EmptyState icon="📘" title="No playbooks yet">
          <p>
            A playbook is a set of instructions you write once for many agents, such as how to word a refund
            or which checks come first. It applies to every agent that carries one of its tags.
          </p>
          {canWrite ? (
            <p>
              <Link href="/playbooks/new" className="button button-primary">
                Write the first playbook
              </Link>
            </p>
          ) : (
            <p>An admin writes playbooks; they appear here with the agents they apply to.</p>
          )}
        </EmptyState>
      ) : (
        <PlaybooksTable playbooks={playbooks} now={Date.now()} />
      )}
    </>
  );
}
