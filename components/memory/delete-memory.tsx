"use client";

import { useRouter } from "next/navigation";
import { deleteMemoryAction } from "@/app/(app)/agents/[id]/memory/actions";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

type Props = { agentId: string; itemKey: string; session: string | null; listHref: string };

/** Deletes an item after a confirmation; its versions stay in the history. */
export function DeleteMemory({ agentId, itemKey, session, listHref }: Props) {
  const router = useRouter();
  async function remove() {
    const result = await deleteMemoryAction(agentId, { key: itemKey, session: session ?? undefined });
    if (!result.ok) return result.error.message;
    router.push(listHref);
    return null;
  }
  return (
    <ConfirmDelete label="Delete item" confirmLabel={`Delete ${itemKey}`} onConfirm={remove}>
      Delete {itemKey}? Runs of this agent no longer recall it. Its versions stay in the history, and writing
      the key again brings it back.
    </ConfirmDelete>
  );
}
