"use client";

import { useRouter } from "next/navigation";
import { deletePlaybookAction } from "@/app/(app)/playbooks/actions";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

/** Deletes a playbook after a confirmation; its versions stay, and runs that got it keep it. */
export function DeletePlaybook({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      label="Delete playbook"
      question={`Delete ${name}? Runs started from now on no longer get it; runs that got it keep their version, and its versions stay in the history.`}
      confirmLabel={`Delete ${name}`}
      remove={() => deletePlaybookAction(id)}
      done={() => router.push("/playbooks")}
    />
  );
}
