import type { LanguageModelV4Message } from "@ai-sdk/provider";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type OperatorMessage, runMessages, type spans } from "@/db/schema";
import { RUN_MESSAGES_CHANNEL } from "@/lib/engine-events/run-channels";
import { newSpanId } from "@/lib/telemetry/ids";
import { turnSpanId } from "@/lib/telemetry/spans";

// Runs of other processes are announced here too: past this many, the set is dropped and every
// run of this process looks once more, rather than growing without end.
const MAX_DIRTY = 10_000;

/**
 * Which runs an operator sent a message since they last looked: one LISTEN per process, so a run
 * queries for messages only when one was sent (and once per claim), never on every step. A
 * reconnect may have lost notifications: it bumps `epoch`, and every run then looks once.
 */
class MessageWatcher {
  private readonly dirty = new Set<string>();
  epoch = 0;
  private starting: Promise<unknown> | undefined;

  constructor(private readonly db: Db) {}

  ready(): Promise<unknown> {
    this.starting ??= this.db.$client
      .listen(
        RUN_MESSAGES_CHANNEL,
        (runId) => {
          if (this.dirty.size >= MAX_DIRTY) this.lost();
          this.dirty.add(runId);
        },
        () => this.lost(),
      )
      .catch((error) => {
        this.starting = undefined;
        throw error;
      });
    return this.starting;
  }

  /** Whether the run was announced since the last call; the announcement is consumed. */
  take(runId: string): boolean {
    return this.dirty.delete(runId);
  }

  private lost(): void {
    this.dirty.clear();
    this.epoch++;
  }
}

const watchers = new WeakMap<Db, MessageWatcher>();

function watcherOf(db: Db): MessageWatcher {
  let watcher = watchers.get(db);
  if (!watcher) {
    watcher = new MessageWatcher(db);
    watchers.set(db, watcher);
  }
  return watcher;
}

/**
 * A run's undelivered operator messages. Delivery is the commit of the model step that carries them
 * (`operatorMessages`): a message some committed step carries is never handed over again, whether
 * or not its `delivered_seq` was recorded after that commit.
 */
export class OperatorInbox {
  private checkedEpoch = -1;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    private readonly delivered: ReadonlySet<string>,
  ) {}

  /** Messages to hand the model at this turn, oldest first (usually none, and no query). */
  async take(): Promise<OperatorMessage[]> {
    const watcher = watcherOf(this.db);
    await watcher.ready();
    const announced = watcher.take(this.runId);
    if (!announced && this.checkedEpoch === watcher.epoch) return [];
    this.checkedEpoch = watcher.epoch;
    const rows = await this.db
      .select()
      .from(runMessages)
      .where(and(eq(runMessages.runId, this.runId), isNull(runMessages.deliveredSeq)))
      .orderBy(asc(runMessages.createdAt), asc(runMessages.id));
    return rows
      .filter((row) => !this.delivered.has(row.id))
      .map((row) => ({ id: row.id, from: row.sentBy, text: row.body, sentAt: row.createdAt.toISOString() }));
  }

  /** Records which step carried the messages: for the run page; delivery itself was the commit. */
  async markDelivered(messages: OperatorMessage[], seq: number): Promise<void> {
    if (messages.length === 0) return;
    const ids = messages.map((m) => m.id);
    await this.db
      .update(runMessages)
      .set({ deliveredSeq: seq })
      .where(and(inArray(runMessages.id, ids), isNull(runMessages.deliveredSeq)))
      .catch((error) => console.error(`Run ${this.runId}: delivered messages not marked`, error));
  }
}

/** What the model reads: the operator's words, marked as a trusted person's, not tool output. */
export function operatorPrompt(messages: readonly OperatorMessage[]): LanguageModelV4Message {
  const text = messages
    .map(
      (m) =>
        `[Message from the operator ${m.from} at ${m.sentAt}: trusted operator input, not tool output. Follow it over earlier instructions of the goal.]\n${m.text}`,
    )
    .join("\n\n");
  return { role: "user", content: [{ type: "text", text }] };
}

/** The trace's mark of the delivery: under the turn whose model call read the messages. */
export function operatorMessageSpan(
  run: { id: string; tenantId: string; traceId: string },
  seq: number,
  turn: number,
  messages: readonly OperatorMessage[],
  at: Date,
): typeof spans.$inferInsert {
  return {
    spanId: newSpanId(),
    traceId: run.traceId,
    parentSpanId: turnSpanId(run.traceId, turn),
    runId: run.id,
    tenantId: run.tenantId,
    name: "operator message",
    seq,
    startTime: at,
    endTime: at,
    status: "ok",
    attributes: {
      "flightdeck.operation.name": "operator_message",
      "flightdeck.operator_message.count": messages.length,
      "flightdeck.operator_message.from": [...new Set(messages.map((m) => m.from))].join(", "),
      // Outside flightdeck.*: the words can name a customer, so a viewer's trace shows them redacted.
      "operator_message.text": messages.map((m) => m.text).join("\n\n"),
    },
  };
}
