import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { requirePageSession } from "@/app/(app)/page-session";
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { findRun } from "@/lib/runs/live";

/**
 * Decides "no such run" before the page's skeleton streams: once anything is sent the status is
 * 200, so a missing run or a malformed id is a 404 only if it is found out here. No loading state
 * above this segment (the runs list has its own group) for the same reason.
 */
export default async function RunLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { actor } = await requirePageSession();
  if (can(actor, "runs:read") && !(await findRun(getDb(), actor, (await params).id))) notFound();
  return children;
}
