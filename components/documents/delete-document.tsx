"use client";

import { useRouter } from "next/navigation";
import { deleteDocumentAction } from "@/app/(app)/documents/actions";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

/** Deletes a document after a confirmation: agents no longer find its passages. */
export function DeleteDocument({ id, title }: { id: string; title: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      label="Delete document"
      question={`Delete “${title}”? Agents no longer find its passages. The audit log keeps that it was deleted.`}
      confirmLabel={`Delete “${title}”`}
      remove={() => deleteDocumentAction(id)}
      done={() => router.push("/documents")}
    />
  );
}
