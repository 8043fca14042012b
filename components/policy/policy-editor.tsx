"use client";

import { type KeyboardEvent, useEffect, useRef, useState, useTransition } from "react";
import { savePolicyAction } from "@/app/(app)/policies/actions";
import type { ActionError } from "@/lib/http/server-action";
import { ProblemList } from "./problem-list";
import type { PolicyProblem } from "./types";

type Props = {
  draft: string;
  onDraftChange: (text: string) => void;
  /** The version editing started from: a save on top of a newer one is refused. */
  baseVersion: number;
  onSaved: (version: number) => void;
  onCancel: () => void;
};

const INDENT = "  ";

export function PolicyEditor({ draft, onDraftChange, baseVersion, onSaved, onCancel }: Props) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, startTransition] = useTransition();
  const textarea = useRef<HTMLTextAreaElement>(null);

  useEffect(() => textarea.current?.focus(), []);

  const problems = (error?.details?.problems ?? []) as PolicyProblem[];

  function save() {
    if (pending) return;
    startTransition(async () => {
      const result = await savePolicyAction({ text: draft, comment, baseVersion });
      if (result.ok) {
        setError(null);
        onSaved(result.data.version);
      } else setError(result.error);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    } else if (event.key === "Tab" && !event.shiftKey && !event.altKey) {
      // Shift+Tab still leaves the field, so the keyboard is never trapped.
      event.preventDefault();
      const target = event.currentTarget;
      target.setRangeText(INDENT, target.selectionStart, target.selectionEnd, "end");
      onDraftChange(target.value);
    }
  }

  function goTo(line: number, column: number) {
    const target = textarea.current;
    if (!target) return;
    const lines = target.value.split("\n");
    const offset = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
    target.focus();
    target.setSelectionRange(offset, offset);
  }

  return (
    <form
      className="policy-editor"
      aria-label="Edit the policy"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      {error && (
        <div className="alert alert-error" role="alert" data-testid="policy-save-error">
          <p>{problems.length > 1 ? "The policy was not saved; Cedar found:" : error.message}</p>
          {problems.length > 0 && <ProblemList problems={problems} onGoTo={goTo} />}
          {error.code === "conflict" && (
            <p>
              <a href="/policies">Reload the page</a> (your edit is lost: copy it first) to see the newer
              version.
            </p>
          )}
          {error.code === "invalid_input" && problems.length > 0 && (
            <p className="hint">Nothing was saved: version {baseVersion} is still active.</p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="policy-text">Policy (Cedar)</label>
        <textarea
          ref={textarea}
          id="policy-text"
          className="policy-textarea"
          value={draft}
          onChange={(event) => onDraftChange(event.target.value)}
          onKeyDown={onKeyDown}
          rows={Math.min(40, Math.max(12, draft.split("\n").length + 1))}
          spellCheck={false}
          wrap="off"
          autoCapitalize="off"
          autoComplete="off"
          aria-describedby="policy-text-hint"
          aria-invalid={problems.length > 0 || undefined}
        />
        <p id="policy-text-hint" className="hint">
          Tab inserts two spaces, Shift+Tab leaves the field, Ctrl+Enter (⌘+Enter) saves. Saving validates
          against the tool catalog; an invalid policy is never saved.
        </p>
      </div>
      <div className="field">
        <label htmlFor="policy-file">Load a policy file</label>
        <input
          id="policy-file"
          type="file"
          accept=".cedar,.txt,text/plain"
          aria-describedby="policy-file-hint"
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (file) onDraftChange(await file.text());
          }}
        />
        <p id="policy-file-hint" className="hint">
          Replaces the text above with the file&apos;s (an exported policy kept in git, say); nothing is saved
          until you save, and saving validates it first.
        </p>
      </div>
      <div className="field">
        <label htmlFor="policy-comment">Comment (optional)</label>
        <input
          id="policy-comment"
          value={comment}
          maxLength={500}
          onChange={(event) => setComment(event.target.value)}
          placeholder="What changed and why"
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending && <span className="spinner" aria-hidden />}Save
        </button>
        <button type="button" className="button-secondary" onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <span className="hint">
          Editing version {baseVersion}; saving makes version {baseVersion + 1}.
        </span>
      </div>
    </form>
  );
}
