"use client";

import type { RefObject } from "react";
import { ArgsDiff } from "@/components/runs/envelope-details";
import type { ActionError } from "@/lib/http/server-action";

export type DecisionMode = "idle" | "reject" | "edit" | "review" | "confirm";

export type DecisionState = {
  mode: DecisionMode;
  comment: string;
  editText: string;
  /** The edited arguments once parsed, shown as a diff before confirming. */
  edited: Record<string, unknown> | null;
  error: ActionError | null;
};

type Props = {
  state: DecisionState;
  args: Record<string, unknown>;
  busy: boolean;
  /** Null when the person may decide; otherwise why not (shown as the disabled buttons' tooltip). */
  readOnly: string | null;
  commentRef: RefObject<HTMLTextAreaElement | null>;
  editRef: RefObject<HTMLTextAreaElement | null>;
  onChange: (patch: Partial<DecisionState>) => void;
  onApprove: () => void;
  /** Set when approving takes a deliberate second step (see approvalNeedsConfirmation): why. */
  confirmation: string | null;
  onConfirmApprove: () => void;
  onReject: () => void;
  /** Set for a reconcile request: "it happened" instead of editing. */
  onMarkDone?: () => void;
  onEdit: () => void;
  onReview: () => void;
  onConfirmEdit: () => void;
  onCancel: () => void;
};

/** Approve, reject with a comment, or edit the arguments (reviewed as a diff) and approve. */
export function DecisionPanel(props: Props) {
  const { state, busy, readOnly, onChange } = props;
  const disabled = busy || readOnly !== null;
  const submitOnCtrlEnter = (submit: () => void) => (event: React.KeyboardEvent) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };
  const commentError = state.error?.field === "comment";
  const argsError =
    state.error?.field?.startsWith("args") || state.mode === "edit" || state.mode === "review";
  return (
    <section className="approval-decision" aria-label="Decide">
      <h3>Decide</h3>
      {readOnly && (
        <p className="muted" role="note">
          {readOnly}
        </p>
      )}
      {(state.mode === "edit" || state.mode === "review") && (
        <div className="field">
          <label htmlFor="approval-edit">Arguments to run instead (JSON)</label>
          <textarea
            id="approval-edit"
            ref={props.editRef}
            className="mono approval-edit"
            rows={Math.min(14, state.editText.split("\n").length + 1)}
            value={state.editText}
            readOnly={state.mode === "review"}
            onChange={(event) => onChange({ editText: event.target.value, error: null })}
            onKeyDown={submitOnCtrlEnter(state.mode === "edit" ? props.onReview : props.onConfirmEdit)}
          />
        </div>
      )}
      {state.mode === "review" && state.edited && (
        <section aria-label="Changes to the arguments">
          <p className="muted">The model’s arguments → yours:</p>
          <ArgsDiff before={props.args} after={state.edited} />
        </section>
      )}
      <div className="field">
        <label htmlFor="approval-comment">
          Comment{" "}
          <span className="muted">
            {state.mode === "reject"
              ? "(required: the agent and the audit log read it)"
              : "(required to reject)"}
          </span>
        </label>
        <textarea
          id="approval-comment"
          ref={props.commentRef}
          rows={2}
          value={state.comment}
          disabled={readOnly !== null}
          aria-invalid={commentError || undefined}
          onChange={(event) => onChange({ comment: event.target.value, error: null })}
          onKeyDown={submitOnCtrlEnter(state.mode === "reject" ? props.onReject : props.onApprove)}
        />
      </div>
      {state.error && (
        <div className="alert alert-error" role="alert" data-testid="decision-error">
          {argsError && state.error.field?.startsWith("args") ? "Arguments: " : ""}
          {state.error.message}
        </div>
      )}
      <div className="form-actions approval-actions" title={readOnly ?? undefined}>
        {state.mode === "edit" ? (
          <>
            <Act kind="primary" disabled={disabled} onClick={props.onReview}>
              Review changes
            </Act>
            <Act kind="secondary" onClick={props.onCancel}>
              Cancel <kbd>Esc</kbd>
            </Act>
          </>
        ) : state.mode === "review" ? (
          <>
            <Act kind="primary" disabled={disabled} onClick={props.onConfirmEdit}>
              Approve with these arguments
            </Act>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => onChange({ mode: "edit" })}
            >
              Back to editing
            </button>
            <Act kind="secondary" onClick={props.onCancel}>
              Cancel <kbd>Esc</kbd>
            </Act>
          </>
        ) : state.mode === "confirm" ? (
          <>
            <p className="alert alert-warn approval-confirm" role="alert">
              {props.confirmation}
            </p>
            <Act kind="primary" disabled={disabled} onClick={props.onConfirmApprove}>
              Confirm approval
            </Act>
            <Act kind="secondary" onClick={props.onCancel}>
              Cancel <kbd>Esc</kbd>
            </Act>
          </>
        ) : props.onMarkDone ? (
          <>
            <Act kind="primary" disabled={disabled} onClick={props.onMarkDone}>
              It happened: mark done <kbd>d</kbd>
            </Act>
            <Act kind="secondary" disabled={disabled} onClick={props.onApprove}>
              Retry the call <kbd>a</kbd>
            </Act>
            <Act kind="danger" disabled={disabled} onClick={props.onReject}>
              {state.mode === "reject" ? "Abandon with this comment" : "Abandon the run"} <kbd>r</kbd>
            </Act>
            {state.mode === "reject" && (
              <Act kind="secondary" onClick={props.onCancel}>
                Cancel <kbd>Esc</kbd>
              </Act>
            )}
          </>
        ) : (
          <>
            <Act kind="primary" disabled={disabled} onClick={props.onApprove}>
              Approve <kbd>a</kbd>
            </Act>
            <Act kind="danger" disabled={disabled} onClick={props.onReject}>
              {state.mode === "reject" ? "Reject with this comment" : "Reject"} <kbd>r</kbd>
            </Act>
            <Act kind="secondary" disabled={disabled} onClick={props.onEdit}>
              Edit arguments <kbd>e</kbd>
            </Act>
            {state.mode === "reject" && (
              <Act kind="secondary" onClick={props.onCancel}>
                Cancel <kbd>Esc</kbd>
              </Act>
            )}
          </>
        )}
        {busy && <span className="muted">Sending…</span>}
      </div>
    </section>
  );
}

function Act({
  kind,
  disabled,
  onClick,
  children,
}: {
  kind: "primary" | "secondary" | "danger";
  disabled?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button type="button" className={`button button-${kind}`} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}
