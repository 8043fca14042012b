"use client";

import { useRouter } from "next/navigation";
import { deletePlaybookAction } from "@/app/(app)/playbooks/actions";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

/** Deletes a playbook after a confirmation; its versions stay, and runs that got it keep it. */
export function DeletePlaybook({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  async function remove() {
    const result = await deletePlaybookAction(id);
    if (!result.ok) return result.error.message;
    router.push("/playbooks");
    return null;
  }
  return (
    <ConfirmDelete label="Delete playbook" confirmLabel={`Delete ${name}`} onConfirm={remove}>
      Delete {name}? Runs started from now on no longer get it; runs that got it keep their version, and its
      versions stay in the history.
    </ConfirmDelete>
  );
}
