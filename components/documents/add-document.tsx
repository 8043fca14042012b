"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { addDocumentAction } from "@/app/(app)/documents/actions";

/** The most a document may hold (lib/documents/limits.ts): checked here too, to refuse a file at once. */
const MAX_BYTES = 1024 * 1024;

/** Adds a document: its text pasted, or read from a .txt or .md file. */
export function AddDocument() {
  const router = useRouter();
  const id = useId();
  const [title, setTitle] = useState("");
  const [source, setSource] = useState("");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [pending, start] = useTransition();

  async function readFile(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setError(`${file.name} is ${file.size} bytes; a document is at most ${MAX_BYTES} bytes (1 MiB).`);
      return;
    }
    setError(null);
    setText(await file.text());
    if (!title.trim()) setTitle(file.name.replace(/\.(txt|md|markdown)$/i, ""));
    if (!source.trim()) setSource(file.name);
  }

  function save(event: React.FormEvent) {
    event.preventDefault();
    start(async () => {
      const result = await addDocumentAction({ title, text, source: source || undefined });
      if (!result.ok) {
        setError(result.error.message);
        setAdded(null);
        return;
      }
      setError(null);
      setAdded(
        `Added “${title.trim()}” in ${result.data.chunks} passage${result.data.chunks === 1 ? "" : "s"}.`,
      );
      setTitle("");
      setSource("");
      setText("");
      router.refresh();
    });
  }

  return (
    <form className="document-form" onSubmit={save} aria-label="New document">
      <div className="document-form-fields">
        <label htmlFor={`${id}-title`}>
          Title
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Returns handbook"
            required
            maxLength={200}
          />
        </label>
        <label htmlFor={`${id}-source`}>
          <span>
            Source <span className="muted">(optional: a URL or a label)</span>
          </span>
          <input
            id={`${id}-source`}
            value={source}
            onChange={(e) => setSource(e.target.value)}
            placeholder="https://intranet.example.com/returns"
            maxLength={500}
          />
        </label>
      </div>
      <label htmlFor={`${id}-file`}>
        <span>
          From a file <span className="muted">(.txt or .md, at most 1 MiB)</span>
        </span>
        <input
          id={`${id}-file`}
          type="file"
          accept=".txt,.md,.markdown,text/plain,text/markdown"
          onChange={readFile}
        />
      </label>
      <label htmlFor={`${id}-text`}>
        Text
        <textarea
          id={`${id}-text`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={10}
          required
          placeholder="Paste the document's text. Blank lines separate paragraphs."
        />
      </label>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Add document
        </button>
        {added && (
          <span className="muted" role="status">
            {added}
          </span>
        )}
      </div>
      {error && (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
