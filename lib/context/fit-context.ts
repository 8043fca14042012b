import type { LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import type { ContextStrategy } from "@/db/schema";
import { type ClippedResult, clipToolMessage, type StepOf } from "./clip-result";
import type { CountedBy, TokenCounter } from "./token-counter";

/** What one model call was sent of the run's history, what was cut, and why. */
export type ContextReport = {
  window: number;
  /** Held back from the history: system prompt, goal, tool schemas and the output reserve. */
  reserved: number;
  /** The prompt and tool schemas sent: with the output reserve, at most the window unless `overflow`. */
  sentTokens: number;
  /** What sending the whole history would have taken. */
  fullTokens: number;
  countedBy: CountedBy;
  clipped: ClippedResult[];
  /** Turns (a model answer with its tool results) left out of the middle of the conversation. */
  droppedTurns: number;
  /** Even the system prompt, goal, tool schemas and latest turn, clipped, pass the window. */
  overflow: boolean;
  /** `summarize`: the oldest turns the summary sent in their place covers. */
  summarizedTurns?: number;
  /**
   * `summarize`: the history does not fit even with the summary so far; the first `throughTurns`
   * turns should be summarised (a step of its own) before the call is made.
   */
  summarize?: { throughTurns: number };
};

/** A summary of the run's first `turns` turns, made by a model and committed as a step. */
export type HistorySummary = { text: string; turns: number };

export type FitInput = {
  /** The whole prompt: system prompt, goal, then the turns, as the run's steps hold them. */
  prompt: LanguageModelV4Prompt;
  toolsTokens: number;
  window: number;
  outputReserve: number;
  counter: TokenCounter;
  strategy: ContextStrategy;
  /** Where each tool call's whole result is stored, for the pointer a clipped result carries. */
  stepOf: StepOf;
  /** How many characters of a large tool result are sent (default 2,000). */
  clipChars?: number;
  /** `summarize`: the latest summary the run committed, if any. */
  summary?: HistorySummary | null;
};

/** A model answer and the tool results that answer its calls: kept or left out together. */
type Turn = {
  original: LanguageModelV4Message[];
  messages: LanguageModelV4Message[];
  tokens: number;
  clipped: ClippedResult[];
};

const CLIP_CHARS = 2_000;
/** Below this a result says too little to be worth sending clipped at all. */
const MIN_CLIP_CHARS = 100;

export const summaryNote = (summary: HistorySummary): string =>
  `[Summary of the first ${summary.turns} ${summary.turns === 1 ? "turn" : "turns"}, which are left out to fit the model's context window; the run's steps keep them]\n${summary.text}`;

export const droppedNote = (turns: number): string =>
  `[${turns} earlier ${turns === 1 ? "turn was" : "turns were"} left out to fit the model's context window; the run's steps keep them]`;

/**
 * The messages to send so that prompt, tool schemas and output reserve fit the window. In order,
 * until they fit: older tool results are clipped (oldest first) with a pointer to their step
 * (`clip_and_drop_middle` only); the oldest turns after the goal are left out; the latest turn's
 * results are clipped ever shorter.
 * The system prompt and the goal are always sent, and a tool call always with its result.
 */
export function fitContext(input: FitInput): { prompt: LanguageModelV4Prompt; report: ContextReport } {
  const { prompt, counter, outputReserve } = input;
  const split = splitPrompt(prompt);
  const goalHead = split.head;
  const allTurns = countTurns(split.turns, counter);
  const fullTokens = sum(goalHead.map(counter.message)) + input.toolsTokens + sumTokens(allTurns, 0);
  if (fullTokens + outputReserve <= input.window)
    return {
      prompt,
      report: {
        ...{ window: input.window, reserved: fullTokens - sumTokens(allTurns, 0) + outputReserve },
        ...{ fullTokens, countedBy: counter.countedBy, sentTokens: fullTokens },
        ...{ clipped: [], droppedTurns: 0, overflow: false },
      },
    };
  const summary = input.strategy === "summarize" && input.summary ? input.summary : null;
  const summarized = summary ? Math.min(summary.turns, allTurns.length - 1) : 0;
  // The summary stands in for the turns it covers, as a note on the goal.
  const head = summary ? withNote(goalHead, summaryNote(summary)) : goalHead;
  const turns = allTurns.slice(summarized);
  const reserved = sum(head.map(counter.message)) + input.toolsTokens + outputReserve;
  const base = { window: input.window, reserved, fullTokens, countedBy: counter.countedBy };
  const headTokens = reserved - input.toolsTokens - outputReserve;
  // What the note on the goal costs, at its longest: the goal message with it, less the goal alone.
  const note = sum(withNote(head, droppedNote(allTurns.length)).map(counter.message)) - headTokens;
  const fitted = trim(input, turns, reserved, note);
  const sentHead = fitted.dropped > 0 ? withNote(head, droppedNote(fitted.dropped)) : head;
  const sent = [...sentHead, ...turns.slice(fitted.dropped).flatMap((t) => t.messages)];
  const sentTokens =
    sum(sentHead.map(counter.message)) + input.toolsTokens + sumTokens(turns, fitted.dropped);
  const clipped = turns.slice(fitted.dropped).flatMap((t) => t.clipped);
  return {
    prompt: sent,
    report: {
      ...base,
      sentTokens,
      clipped,
      droppedTurns: fitted.dropped,
      overflow: sentTokens + outputReserve > input.window,
      ...(summary ? { summarizedTurns: summarized } : {}),
      ...(input.strategy === "summarize" && fitted.dropped > 0
        ? { summarize: { throughTurns: summaryThrough(summarized, fitted.dropped, turns.length) } }
        : {}),
    },
  };
}

/**
 * The turns a new summary covers: those that would be left out, and half of those that would be
 * kept, so the next summary is some turns away (never the latest turn).
 */
function summaryThrough(summarized: number, dropped: number, turns: number): number {
  return summarized + Math.min(turns - 1, dropped + Math.floor((turns - dropped) / 2));
}

/** Clips and drops turns in place until they fit beside `reserved`; how many oldest turns to leave out. */
function trim(input: FitInput, turns: Turn[], reserved: number, note: number): { dropped: number } {
  const limit = input.window - reserved;
  const clipChars = input.clipChars ?? CLIP_CHARS;
  const last = turns.length - 1;
  let total = sumTokens(turns, 0);
  // drop_middle sends older results whole: only the latest turn is ever clipped.
  if (input.strategy !== "drop_middle")
    for (let i = 0; i < last && total > limit; i++) total += clipTurn(input, turns[i] as Turn, clipChars);
  let dropped = 0;
  if (total > limit)
    while (dropped < last && total + note > limit) total -= (turns[dropped++] as Turn).tokens;
  const latest = turns[last];
  const room = limit - (dropped > 0 ? note : 0);
  for (let chars = clipChars; latest && total > room && chars >= MIN_CLIP_CHARS; chars >>= 1)
    total += clipTurn(input, latest, chars);
  return { dropped };
}

/** Clips the turn's tool results to `chars` (from the originals); the change in its tokens. */
function clipTurn(input: FitInput, turn: Turn, chars: number): number {
  const before = turn.tokens;
  turn.clipped = [];
  turn.messages = turn.original.map((m) => {
    if (m.role !== "tool") return m;
    const clip = clipToolMessage(m, chars, input.stepOf);
    turn.clipped.push(...clip.clipped);
    return clip.message;
  });
  turn.tokens = sum(turn.messages.map(input.counter.message));
  return turn.tokens - before;
}

/** The prompt's head (system prompt and goal) and its turns: each a model answer and what follows it. */
export function splitPrompt(prompt: LanguageModelV4Prompt): {
  head: LanguageModelV4Message[];
  turns: LanguageModelV4Message[][];
} {
  const goal = prompt.findIndex((m) => m.role === "user");
  const head = prompt.slice(0, goal >= 0 ? goal + 1 : 1);
  const turns: LanguageModelV4Message[][] = [];
  for (const message of prompt.slice(head.length)) {
    const current = turns.at(-1);
    if (message.role === "assistant" || !current) turns.push([message]);
    else current.push(message);
  }
  return { head, turns };
}

function countTurns(turns: LanguageModelV4Message[][], counter: TokenCounter): Turn[] {
  return turns.map((original) => ({
    original,
    messages: [...original],
    tokens: sum(original.map(counter.message)),
    clipped: [],
  }));
}

/** The head with a note appended to the goal (its last message): no message is added or reordered. */
function withNote(head: LanguageModelV4Message[], note: string): LanguageModelV4Message[] {
  const goal = head.at(-1);
  if (goal?.role !== "user") return head;
  return [...head.slice(0, -1), { ...goal, content: [...goal.content, { type: "text", text: note }] }];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const sumTokens = (turns: Turn[], from: number) => sum(turns.slice(from).map((t) => t.tokens));
