"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { answerQuestionAction } from "@/app/(app)/approvals/actions";
import { formatUtc } from "@/components/runs/format";
import type { ApprovalDetail as Detail } from "@/lib/approvals/queries";
import type { ActionError } from "@/lib/http/server-action";
import { AgentReason, AskedLine, RunSoFar } from "./approval-detail";

type Props = {
  detail: Detail;
  now: number | null;
  /** Null when the person may answer; otherwise why not. */
  readOnly: string | null;
  onAnswered: () => void;
};

/** The agent's question to a person: what it asks, what it knows, why; and the answer (or the form for it). */
export function QuestionDetail({ detail, now, readOnly, onAnswered }: Props) {
  const { approval } = detail;
  const pending = approval.status === "pending";
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  const context = text(approval.args.context);
  return (
    <article className="approval-detail" aria-label="The agent's question">
      <header className="approval-detail-head">
        <h2>
          <span className="badge question-badge">question</span> The agent asks a person
        </h2>
        <AskedLine approval={approval} now={now} />
      </header>
      <section aria-label="Question">
        <blockquote className="question-text" data-testid="question-text">
          {text(approval.args.question)}
        </blockquote>
        {context && (
          <>
            <h3>What it knows</h3>
            <p className="question-context">{context}</p>
          </>
        )}
        {approval.redacted && <p className="muted">The question is redacted for your role.</p>}
      </section>
      <AgentReason reason={approval.reason} />
      {pending ? (
        <AnswerForm id={approval.id} readOnly={readOnly} onAnswered={onAnswered} />
      ) : (
        <section className="approval-decision approval-record" aria-label="Answer">
          <h3>Answer</h3>
          <p>
            <span className={`badge approval-${approval.status}`} data-testid="decision-status">
              {approval.status}
            </span>{" "}
            {approval.status === "answered" && approval.decidedBy && <strong>{approval.decidedBy}</strong>}{" "}
            {approval.decidedAt && <span className="muted">{formatUtc(approval.decidedAt)}</span>}
          </p>
          {approval.answer && <blockquote className="approval-comment">{approval.answer}</blockquote>}
          {approval.comment && <p className="muted">{approval.comment}</p>}
        </section>
      )}
      <RunSoFar detail={detail} />
    </article>
  );
}

function AnswerForm({
  id,
  readOnly,
  onAnswered,
}: {
  id: string;
  readOnly: string | null;
  onAnswered: () => void;
}) {
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState("");
  const [error, setError] = useState<ActionError | null>(null);
  const send = useMutation({
    mutationFn: () => answerQuestionAction(id, { answer }),
    onSuccess: (result) => {
      if (!result.ok) return setError(result.error);
      setAnswer("");
      onAnswered();
      queryClient.invalidateQueries({ queryKey: ["approvals"] });
    },
    onError: () => setError({ code: "internal", message: "The answer could not be sent. Try again." }),
  });
  const disabled = readOnly !== null || send.isPending;
  return (
    <form
      className="approval-decision"
      aria-label="Answer"
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) send.mutate();
      }}
    >
      <h3>Answer</h3>
      {readOnly ? (
        <p className="muted" role="note">
          {readOnly}
        </p>
      ) : (
        <div className="field">
          <label htmlFor="question-answer">Your answer (the agent reads it as a trusted person&apos;s)</label>
          <textarea
            id="question-answer"
            rows={4}
            maxLength={4000}
            value={answer}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              setAnswer(event.target.value);
              setError(null);
            }}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !disabled) {
                event.preventDefault();
                send.mutate();
              }
            }}
          />
        </div>
      )}
      {error && (
        <div className="alert alert-error" role="alert" data-testid="decision-error">
          {error.message}
        </div>
      )}
      {!readOnly && (
        <div className="form-actions approval-actions">
          <button type="submit" className="button button-primary" disabled={disabled || !answer.trim()}>
            {send.isPending ? "Sending…" : "Send answer"}
          </button>
        </div>
      )}
    </form>
  );
}
