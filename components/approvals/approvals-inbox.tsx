"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  approvalDetailAction,
  decideApprovalAction,
  listApprovalsAction,
} from "@/app/(app)/approvals/actions";
import { ConnectionStatus } from "@/components/live/connection-status";
import type { LiveState } from "@/components/live/live-source";
import { prettyJson } from "@/components/runs/format";
import { useNow } from "@/components/runs/use-now";
import { EmptyState } from "@/components/ui/empty-state";
import type { DecisionInput } from "@/lib/approvals/decide-approval";
import { approvalNeedsConfirmation, confirmationReason } from "@/lib/approvals/needs-confirmation";
import type { ApprovalPage, ApprovalDetail as Detail } from "@/lib/approvals/queries";
import type { ActionResult } from "@/lib/http/server-action";
import { ApprovalDetail, DecisionRecord } from "./approval-detail";
import { ApprovalList } from "./approval-list";
import { subscribeApprovals, subscribeApprovalsState } from "./approvals-feed";
import { DecisionPanel, type DecisionState } from "./decision-panel";
import { decidedLine } from "./format";
import { QuestionDetail } from "./question-detail";

export type InboxTab = "pending" | "history";

type Props = {
  initialTab: InboxTab;
  initialPage: ApprovalPage;
  initialDetail: Detail | null;
  /** Null when the person may decide; otherwise why not. */
  readOnly: string | null;
};

const PAGE = 100;

async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.data;
}

const listKey = (tab: InboxTab) => ["approvals", "list", tab] as const;
const detailKey = (id: string | null) => ["approvals", "detail", id] as const;
const fetchDetail = (id: string) => unwrap(approvalDetailAction(id));

const IDLE: DecisionState = { mode: "idle", comment: "", editText: "", edited: null, error: null };

/** The approval inbox: pending requests and history, a detail pane, decisions, keyboard, live updates. */
export function ApprovalsInbox({ initialTab, initialPage, initialDetail, readOnly }: Props) {
  const queryClient = useQueryClient();
  const now = useNow(true);
  const [tab, setTab] = useState<InboxTab>(initialTab);
  const [selectedId, setSelectedId] = useState<string | null>(
    initialDetail?.approval.id ?? initialPage.approvals[0]?.id ?? null,
  );
  const [decision, setDecision] = useState<DecisionState>(IDLE);
  const [notice, setNotice] = useState<{ text: string; kind: "ok" | "warn" } | null>(null);
  const decidedHere = useRef(new Set<string>());
  const previous = useRef(initialPage.approvals);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const editRef = useRef<HTMLTextAreaElement>(null);

  const list = useQuery({
    queryKey: listKey(tab),
    queryFn: () =>
      unwrap(listApprovalsAction({ status: tab === "history" ? "decided" : "pending", limit: PAGE })),
    initialData: tab === initialTab ? initialPage : undefined,
  });
  const detail = useQuery({
    queryKey: detailKey(selectedId),
    queryFn: () => fetchDetail(selectedId ?? ""),
    enabled: selectedId !== null,
    initialData: selectedId === initialDetail?.approval.id ? initialDetail : undefined,
  });
  const items = list.data?.approvals ?? [];

  // The page's own list is the truth when it opens: nothing cached from an earlier visit is shown.
  useEffect(() => () => queryClient.removeQueries({ queryKey: ["approvals"] }), [queryClient]);

  // Live: every change to the tenant's requests refetches what is on screen (so does a reconnect:
  // the feed sends the count on connect).
  useEffect(
    () => subscribeApprovals(() => queryClient.invalidateQueries({ queryKey: ["approvals"] })),
    [queryClient],
  );
  const [live, setLive] = useState<LiveState>({ kind: "connecting" });
  useEffect(() => subscribeApprovalsState(setLive), []);

  const select = useCallback((id: string | null) => {
    setSelectedId(id);
    setDecision(IDLE);
  }, []);

  // The selected request left the pending list (decided here, by someone else, expired): say so, move on.
  useEffect(() => {
    if (!list.data) return;
    const current = list.data.approvals;
    if (selectedId && !current.some((a) => a.id === selectedId)) {
      if (tab === "pending") {
        const gone = selectedId;
        const index = previous.current.findIndex((a) => a.id === gone);
        const next = current[Math.min(Math.max(index, 0), current.length - 1)] ?? null;
        // Decided here: the request stays shown with its outcome, and the next is one deliberate
        // move away (j, or a click) — a second keystroke never decides the next request.
        if (decidedHere.current.has(gone)) {
          previous.current = current;
          return;
        }
        queryClient
          .fetchQuery({ queryKey: detailKey(gone), queryFn: () => fetchDetail(gone), staleTime: 0 })
          .then((d) => {
            if (d.approval.status !== "pending")
              setNotice({ text: `${decidedLine(d.approval)} just now.`, kind: "warn" });
          })
          .catch(() => {});
        select(next?.id ?? null);
      }
    } else if (!selectedId && current[0]) select(current[0].id);
    previous.current = current;
  }, [list.data, selectedId, tab, queryClient, select]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 10_000);
    return () => clearTimeout(timer);
  }, [notice]);

  const decide = useMutation({
    mutationFn: ({ id, input }: { id: string; input: DecisionInput }) => decideApprovalAction(id, input),
    onSuccess: (result, { id, input }) => {
      if (!result.ok) {
        setDecision((d) => ({ ...d, error: result.error }));
        // Someone else was first: show who, and the list moves on when it refreshes.
        if (result.error.code === "conflict") queryClient.invalidateQueries({ queryKey: ["approvals"] });
        return;
      }
      decidedHere.current.add(id);
      const word = input.decision === "approve" ? "Approved" : "Rejected";
      setNotice({
        text: `${word}${input.args ? " with edited arguments" : ""}: the run resumes.`,
        kind: "ok",
      });
      queryClient.invalidateQueries({ queryKey: ["approvals"] });
    },
    onError: () =>
      setDecision((d) => ({
        ...d,
        error: {
          code: "internal",
          message: "The decision could not be sent. Check the connection and try again.",
        },
      })),
  });

  const shown = detail.data && detail.data.approval.id === selectedId ? detail.data : null;
  // A question is answered in its own form: the approval keys do nothing on it.
  const canAct =
    readOnly === null &&
    tab === "pending" &&
    shown?.approval.status === "pending" &&
    shown.approval.kind !== "question" &&
    !decide.isPending;
  const patch = useCallback((p: Partial<DecisionState>) => setDecision((d) => ({ ...d, ...p })), []);

  const confirmation =
    shown && approvalNeedsConfirmation(shown.approval) ? confirmationReason(shown.approval) : null;
  // Untrusted arguments or an irreversible call: the first Approve (or "a") only asks to confirm,
  // and a second "a" does nothing — only the Confirm button approves.
  const approve = () => {
    if (!canAct || !shown) return;
    if (confirmation) {
      if (decision.mode !== "confirm") patch({ mode: "confirm", error: null });
      return;
    }
    sendApproval();
  };
  const sendApproval = () => {
    if (!canAct || !shown) return;
    decide.mutate({
      id: shown.approval.id,
      input: {
        decision: "approve",
        ...(decision.comment.trim() ? { comment: decision.comment.trim() } : {}),
      },
    });
  };
  const reject = () => {
    if (!canAct || !shown) return;
    if (decision.mode !== "reject" || !decision.comment.trim()) {
      patch({
        mode: "reject",
        error:
          decision.mode === "reject"
            ? {
                code: "invalid_input",
                message: "A rejection needs a comment: the agent and the audit log read it.",
                field: "comment",
              }
            : null,
      });
      commentRef.current?.focus();
      return;
    }
    decide.mutate({ id: shown.approval.id, input: { decision: "reject", comment: decision.comment.trim() } });
  };
  const markDone = () => {
    if (!canAct || !shown || shown.approval.kind !== "reconcile") return;
    decide.mutate({
      id: shown.approval.id,
      input: {
        decision: "mark_done",
        ...(decision.comment.trim() ? { comment: decision.comment.trim() } : {}),
      },
    });
  };
  const edit = () => {
    if (!canAct || !shown || shown.approval.kind === "reconcile") return;
    patch({ mode: "edit", editText: prettyJson(shown.approval.args), edited: null, error: null });
    setTimeout(() => editRef.current?.focus(), 0);
  };
  const review = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(decision.editText);
    } catch (error) {
      patch({
        error: {
          code: "invalid_input",
          message: `Not valid JSON: ${(error as Error).message}`,
          field: "args",
        },
      });
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      patch({
        error: { code: "invalid_input", message: "The arguments must be a JSON object.", field: "args" },
      });
      return;
    }
    patch({ mode: "review", edited: parsed as Record<string, unknown>, error: null });
  };
  const confirmEdit = () => {
    if (!canAct || !shown || !decision.edited) return;
    decide.mutate({
      id: shown.approval.id,
      input: {
        decision: "approve",
        args: decision.edited,
        ...(decision.comment.trim() ? { comment: decision.comment.trim() } : {}),
      },
    });
  };
  const cancel = () => {
    setDecision(IDLE);
    (document.activeElement as HTMLElement | null)?.blur();
  };

  const move = (step: number) => {
    if (items.length === 0) return;
    const index = items.findIndex((a) => a.id === selectedId);
    const next = items[Math.min(items.length - 1, Math.max(0, index + step))];
    if (next) {
      select(next.id);
      document.querySelector(`[data-approval-id="${next.id}"]`)?.scrollIntoView({ block: "nearest" });
    }
  };

  // Keyboard: j/k move, a approve, r reject, e edit, Escape cancels; typing in a field is left alone.
  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    if (event.key === "Escape") {
      cancel();
      return;
    }
    const target = event.target as HTMLElement | null;
    if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
    const action = { j: () => move(1), k: () => move(-1), a: approve, r: reject, e: edit, d: markDone }[
      event.key
    ];
    if (!action) return;
    event.preventDefault();
    action();
  };
  useEffect(() => {
    const handler = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, []);

  const switchTab = (next: InboxTab) => {
    if (next === tab) return;
    setTab(next);
    setNotice(null);
    previous.current = queryClient.getQueryData<ApprovalPage>(listKey(next))?.approvals ?? [];
    select(queryClient.getQueryData<ApprovalPage>(listKey(next))?.approvals[0]?.id ?? null);
  };

  return (
    <div className="approvals-inbox">
      <div className="approvals-toolbar">
        <div className="approvals-tabs" role="tablist" aria-label="Approvals">
          {(["pending", "history"] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={tab === t}
              className="approvals-tab"
              onClick={() => switchTab(t)}
            >
              {t === "pending" ? "Pending" : "History"}
              {t === "pending" && tab === "pending" && list.data && (
                <span className="approvals-tab-count">{items.length}</span>
              )}
            </button>
          ))}
        </div>
        <ConnectionStatus state={live} />
        <p className="kbd-legend muted">
          <span className="sr-only">Keyboard shortcuts: </span>
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> approve · <kbd>r</kbd> reject · <kbd>e</kbd> edit ·{" "}
          <kbd>d</kbd> done (outcome unknown) · <kbd>Esc</kbd> cancel
        </p>
      </div>
      {notice && (
        <div
          className={`alert ${notice.kind === "ok" ? "alert-ok" : "alert-warn"}`}
          role="status"
          data-testid="inbox-notice"
        >
          {notice.text}
        </div>
      )}
      {list.isPending ? (
        <InboxSkeleton />
      ) : list.isError && !list.data ? (
        <div className="alert alert-error" role="alert">
          {list.error.message}
        </div>
      ) : items.length === 0 ? (
        tab === "pending" ? (
          <EmptyState icon="✓" title="Nothing waiting for you">
            <p>
              When policy asks a person about a tool call, or an agent asks a question, it appears here at
              once with the run so far.
            </p>
          </EmptyState>
        ) : (
          <EmptyState icon="🗂" title="No decisions yet">
            <p>Approved, rejected, edited and expired requests are kept here with who decided and why.</p>
          </EmptyState>
        )
      ) : (
        <div className="approvals-split">
          <ApprovalList
            approvals={items}
            selectedId={selectedId}
            onSelect={select}
            history={tab === "history"}
            now={now}
          />
          <div className="approvals-pane">
            {shown?.approval.kind === "question" ? (
              <QuestionDetail
                detail={shown}
                now={now}
                readOnly={readOnly}
                onAnswered={() => {
                  decidedHere.current.add(shown.approval.id);
                  setNotice({ text: "Answered: the run resumes with your answer.", kind: "ok" });
                }}
              />
            ) : shown ? (
              <ApprovalDetail
                detail={shown}
                now={now}
                decision={
                  tab === "history" || shown.approval.status !== "pending" ? (
                    <DecisionRecord detail={shown} now={now} />
                  ) : (
                    <DecisionPanel
                      state={decision}
                      args={shown.approval.args}
                      busy={decide.isPending}
                      readOnly={readOnly}
                      commentRef={commentRef}
                      editRef={editRef}
                      onChange={patch}
                      onApprove={approve}
                      confirmation={confirmation}
                      onConfirmApprove={sendApproval}
                      onReject={reject}
                      onMarkDone={shown.approval.kind === "reconcile" ? markDone : undefined}
                      onEdit={edit}
                      onReview={review}
                      onConfirmEdit={confirmEdit}
                      onCancel={cancel}
                    />
                  )
                }
              />
            ) : detail.isError ? (
              <div className="alert alert-error" role="alert">
                {detail.error.message}
              </div>
            ) : (
              <DetailSkeleton />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function InboxSkeleton() {
  return (
    <div className="approvals-split" aria-busy="true">
      <span className="sr-only">Loading requests…</span>
      <div className="approval-list">
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <div key={i} className="skeleton" style={{ height: 44, margin: 8 }} />
        ))}
      </div>
      <DetailSkeleton />
    </div>
  );
}

function DetailSkeleton() {
  return (
    <div className="approvals-pane" aria-busy="true">
      <span className="sr-only">Loading the request…</span>
      {[40, 90, 75, 60].map((w) => (
        <div key={w} className="skeleton" style={{ width: `${w}%`, height: 18, marginBottom: 12 }} />
      ))}
    </div>
  );
}
