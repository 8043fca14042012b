"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { saveMemoryAction } from "@/app/(app)/agents/[id]/memory/actions";
import { memoryItemHref } from "./memory-source";

type Props = {
  agentId: string;
  /** Editing an item: its key, session and version. Absent: a new item. */
  item?: { key: string; session: string | null; version: number };
  initialJson: string;
  /** The Memory page: a new item is shown there once saved. */
  listHref?: string;
};

/** Why the text is not JSON, or null. */
function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A JSON editor for one item: checked as you type, saved as the key's next version. */
export function MemoryEditor({ agentId, item, initialJson, listHref }: Props) {
  const router = useRouter();
  const id = useId();
  const [key, setKey] = useState(item?.key ?? "");
  const [session, setSession] = useState(item?.session ?? "");
  const [text, setText] = useState(initialJson);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const [pending, start] = useTransition();
  const problem = text.trim() === "" ? "Write a value: any JSON." : jsonProblem(text);

  function save(event: React.FormEvent) {
    event.preventDefault();
    if (problem) return;
    start(async () => {
      const result = await saveMemoryAction(agentId, {
        key,
        session: session.trim() || undefined,
        valueJson: text,
        expectedVersion: item?.version,
      });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setError(null);
      setSaved(result.data.version);
      if (!item && listHref) {
        router.push(memoryItemHref(listHref, key, session.trim()));
        setKey("");
        setSession("");
        setText(initialJson);
      } else router.refresh();
    });
  }

  return (
    <form
      className="memory-editor"
      onSubmit={save}
      aria-label={item ? `Edit ${item.key}` : "New memory item"}
    >
      {!item && (
        <div className="memory-editor-fields">
          <label htmlFor={`${id}-key`}>
            Key
            <input
              id={`${id}-key`}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="customer:C-1001:preferred_channel"
              required
              maxLength={200}
            />
          </label>
          <label htmlFor={`${id}-session`}>
            Session <span className="muted">(optional: a run's external id)</span>
            <input
              id={`${id}-session`}
              value={session}
              onChange={(e) => setSession(e.target.value)}
              placeholder="the agent's own memory"
              maxLength={200}
            />
          </label>
        </div>
      )}
      <label htmlFor={`${id}-value`}>
        Value (JSON)
        <textarea
          id={`${id}-value`}
          className="memory-json"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSaved(null);
          }}
          rows={Math.min(16, Math.max(4, text.split("\n").length + 1))}
          spellCheck={false}
          aria-invalid={problem !== null}
          aria-describedby={`${id}-problem`}
        />
      </label>
      <p
        id={`${id}-problem`}
        className={problem ? "field-error" : "muted"}
        role={problem ? "alert" : undefined}
      >
        {problem ? `Not JSON yet: ${problem}` : "Valid JSON."}
      </p>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending || problem !== null}>
          {pending && <span className="spinner" aria-hidden />}
          {item ? `Save as version ${item.version + 1}` : "Add item"}
        </button>
        {saved !== null && (
          <span className="muted" role="status">
            Saved as version {saved}.
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
