"use client";

import { useRouter } from "next/navigation";
import { deleteMemoryAction } from "@/app/(app)/agents/[id]/memory/actions";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

type Props = { agentId: string; itemKey: string; session: string | null; listHref: string };

/** Deletes an item after a confirmation; its versions stay in the history. */
export function DeleteMemory({ agentId, itemKey, session, listHref }: Props) {
  const router = useRouter();
  return (
    <ConfirmDelete
      label="Delete item"
      question={`Delete ${itemKey}? Runs of this agent no longer recall it. Its versions stay in the history, and writing the key again brings it back.`}
      confirmLabel={`Delete ${itemKey}`}
      remove={() => deleteMemoryAction(agentId, { key: itemKey, session: session ?? undefined })}
      done={() => router.push(listHref)}
    />
  );
}
