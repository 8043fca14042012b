"use client";

import type { SpanFilter, SpanOutcome } from "./span-filter";

type Props = {
  filter: SpanFilter;
  onFilter: (filter: SpanFilter) => void;
  tools: string[];
  only: boolean;
  onOnly: (only: boolean) => void;
  /** null while nothing is searched. */
  matches: number | null;
  /** 1-based place of the active row among the matches, when it is one. */
  current: number | null;
  onStep: (direction: 1 | -1) => void;
};

const OUTCOMES: { value: SpanOutcome; label: string }[] = [
  { value: "ok", label: "ok" },
  { value: "error", label: "error" },
  { value: "denied", label: "denied" },
];

const count = (n: number) => n.toLocaleString("en-US");

/** Search and filters within one trace, with the number of matches and a way to walk them. */
export function TraceSearch({ filter, onFilter, tools, only, onOnly, matches, current, onStep }: Props) {
  return (
    <search className="trace-search" aria-label="Search the trace">
      <input
        type="search"
        aria-label="Search spans"
        placeholder="Search spans: name, id, attribute"
        value={filter.text}
        onChange={(event) => onFilter({ ...filter, text: event.target.value })}
        onKeyDown={(event) => {
          if (event.key !== "Enter") return;
          event.preventDefault();
          onStep(event.shiftKey ? -1 : 1);
        }}
      />
      <select
        aria-label="Tool"
        value={filter.tool}
        onChange={(event) => onFilter({ ...filter, tool: event.target.value })}
      >
        <option value="">Any tool</option>
        {tools.map((tool) => (
          <option key={tool} value={tool}>
            {tool}
          </option>
        ))}
      </select>
      <select
        aria-label="Outcome"
        value={filter.outcome}
        onChange={(event) => onFilter({ ...filter, outcome: event.target.value as SpanFilter["outcome"] })}
      >
        <option value="">Any outcome</option>
        {OUTCOMES.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <label className="trace-only">
        <input type="checkbox" checked={only} onChange={(event) => onOnly(event.target.checked)} /> Only
        matches
      </label>
      <span className="trace-matches muted" role="status" aria-live="polite">
        {matches === null
          ? ""
          : matches === 0
            ? "No matches"
            : current === null
              ? `${count(matches)} ${matches === 1 ? "match" : "matches"}`
              : `${count(current)} of ${count(matches)}`}
      </span>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={() => onStep(-1)}
        disabled={!matches}
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
      >
        ↑
      </button>
      <button
        type="button"
        className="button-secondary button-small"
        onClick={() => onStep(1)}
        disabled={!matches}
        aria-label="Next match"
        title="Next match (Enter)"
      >
        ↓
      </button>
    </search>
  );
}
