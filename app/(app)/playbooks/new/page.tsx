import "@/components/playbooks/playbooks.css";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { PlaybookForm } from "@/components/playbooks/playbook-form";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "New playbook" };

export default async function NewPlaybookPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "playbooks:write")) return <Forbidden what="the form that writes playbooks" />;
  return (
    <>
      <PageHeader
        title="New playbook"
        description="Instructions added to the system prompt of every agent that carries one of its tags."
        actions={
          <div className="page-actions">
            <Link href="/playbooks" className="button button-secondary">
              ← Playbooks
            </Link>
          </div>
        }
      />
      <PlaybookForm target={{ kind: "new" }} current={{ name: "", instructions: "", tags: "" }} />
    </>
  );
}
