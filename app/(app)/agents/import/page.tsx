import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/app/(app)/page-session";
import { ImportAgentsForm } from "@/components/agents/import-agents-form";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "Import agents" };

export default async function ImportAgentsPage() {
  const { actor } = await requirePageSession();
  if (!can(actor, "agents:write")) return <Forbidden what="the import of agents" />;
  return (
    <>
      <PageHeader
        title="Import agents"
        description="Agents kept as files (in git, reviewed like code) come in here: checked first, then created or updated together, or not at all."
        actions={
          <Link href="/agents" className="button button-secondary">
            ← Agents
          </Link>
        }
      />
      <ImportAgentsForm />
    </>
  );
}
