"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { addDocument, deleteDocument } from "@/lib/documents/documents";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

// Arguments come from the browser: anything at all may arrive (addDocument checks the fields).
const addInput = z.object({
  title: z.string({ error: "Give the document a title." }),
  text: z.string({ error: "Paste the document's text or choose a file." }),
  source: z.string().optional(),
});
const idInput = z.string({ error: "Name the document by its id." }).max(100);

/** A person adds a document (addDocument checks the scope and the limits, and audits). */
export async function addDocumentAction(input: z.input<typeof addInput>) {
  const result = await runAction(async () => {
    const actor = await requireActor("documents:write");
    const document = await addDocument(getDb(), actor, addInput.parse(input));
    return { id: document.id, chunks: document.chunkCount };
  });
  if (result.ok) revalidatePath("/documents");
  return result;
}

export async function deleteDocumentAction(id: string) {
  const result = await runAction(async () => {
    const actor = await requireActor("documents:write");
    const document = await deleteDocument(getDb(), actor, idInput.parse(id));
    return { id: document.id };
  });
  if (result.ok) revalidatePath("/documents");
  return result;
}
