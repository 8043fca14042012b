import type { Metadata } from "next";
import "@/components/approvals/approvals.css";
import "@/components/policy/policy.css";
import { requirePageSession } from "@/app/(app)/page-session";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { approvalDetail, listApprovals } from "@/lib/approvals/queries";
import { can } from "@/lib/auth/actor";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { actor } = await requirePageSession();
  if (!can(actor, "approvals:read")) return <Forbidden what="approvals" />;
  const raw = await searchParams;
  const tab = raw.tab === "history" ? "history" : "pending";
  const db = getDb();
  const page = await listApprovals(db, actor, {
    status: tab === "history" ? "decided" : "pending",
    limit: 100,
  });
  const wanted = typeof raw.id === "string" ? raw.id : page.approvals[0]?.id;
  const detail = wanted ? await approvalDetail(db, actor, wanted).catch(() => null) : null;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Risky tool calls and the agents' questions wait here for a person: approve, edit or reject a call, answer a question, oldest first."
      />
      <ApprovalsInbox
        initialTab={tab}
        initialPage={page}
        initialDetail={detail}
        readOnly={
          can(actor, "approvals:decide")
            ? null
            : `Your role (${actor.role}) can read approval requests but not decide them.`
        }
      />
    </>
  );
}
