"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef } from "react";
import { formatDuration } from "./format";
import { attemptsOf } from "./span-filter";
import type { SpanRow } from "./span-layout";

const ROW_HEIGHT = 28;
const VIEWPORT_HEIGHT = 560;

export const rowDomId = (spanId: string) => `span-row-${spanId}`;

type Props = {
  rows: SpanRow[];
  /** Indexes into `rows` of the rows shown, in order. */
  visible: number[];
  /** Index into `rows` of the row the keys move (aria-activedescendant). */
  active: number | null;
  onActive: (index: number) => void;
  selectedId: string | null;
  collapsed: ReadonlySet<string>;
  onToggle: (spanId: string, open: boolean) => void;
  onOpen: (index: number) => void;
  onClose: () => void;
  /** Set while a search or filter is on: the rows that match it. */
  matches: ReadonlySet<number> | null;
};

/**
 * The spans as a tree (role=tree): a scrolling window where only the rows in view are in the DOM,
 * so a 10,000-span trace stays fast. Focus stays on the tree itself and aria-activedescendant names
 * the active row, which a virtual list can always keep mounted (it scrolls the row in first).
 */
export function SpanTree(props: Props) {
  const { rows, visible, active, onActive, collapsed, onToggle, onOpen, onClose } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // A click focuses the tree before it lands on a row: that focus must not move the active row.
  const pointer = useRef(false);
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1000, height: VIEWPORT_HEIGHT },
  });
  const position = active === null ? -1 : visible.indexOf(active);

  useEffect(() => {
    if (position >= 0) virtualizer.scrollToIndex(position, { align: "auto" });
  }, [position, virtualizer]);

  const moveTo = (pos: number) => {
    const index = visible[Math.max(0, Math.min(visible.length - 1, pos))];
    if (index !== undefined) onActive(index);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const row = active === null ? undefined : rows[active];
    const open = row ? row.hasChildren && !collapsed.has(row.span.spanId) : false;
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
      case "j":
        moveTo(position + 1);
        break;
      case "ArrowUp":
      case "k":
        moveTo(position < 0 ? 0 : position - 1);
        break;
      case "Home":
        moveTo(0);
        break;
      case "End":
        moveTo(visible.length - 1);
        break;
      case "ArrowRight":
        if (!row?.hasChildren) break;
        if (!open) onToggle(row.span.spanId, true);
        else moveTo(position + 1);
        break;
      case "ArrowLeft":
        if (!row) break;
        if (open) onToggle(row.span.spanId, false);
        else if (row.parent !== null) onActive(row.parent);
        break;
      case "Enter":
      case " ":
        if (active !== null) onOpen(active);
        break;
      case "Escape":
        onClose();
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const activeRow = active === null ? undefined : rows[active];
  return (
    <div
      ref={scroller}
      role="tree"
      aria-label="Spans"
      tabIndex={0}
      className="span-tree"
      aria-activedescendant={activeRow ? rowDomId(activeRow.span.spanId) : undefined}
      onKeyDown={onKeyDown}
      onMouseDown={() => {
        pointer.current = true;
      }}
      onFocus={() => {
        const byPointer = pointer.current;
        pointer.current = false;
        if (!byPointer && (active === null || position < 0)) moveTo(0);
      }}
      style={{ height: Math.min(VIEWPORT_HEIGHT, visible.length * ROW_HEIGHT + 2) }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const index = visible[item.index];
          const row = index === undefined ? undefined : rows[index];
          if (!row || index === undefined) return null;
          return (
            <SpanTreeItem
              key={row.span.spanId}
              {...props}
              row={row}
              index={index}
              top={item.start}
              isActive={index === active}
            />
          );
        })}
      </div>
    </div>
  );
}

function SpanTreeItem({
  row,
  index,
  top,
  isActive,
  selectedId,
  collapsed,
  matches,
  onActive,
  onOpen,
  onToggle,
}: Props & { row: SpanRow; index: number; top: number; isActive: boolean }) {
  const { span } = row;
  const open = !collapsed.has(span.spanId);
  const attempts = attemptsOf(span);
  const classes = [
    "span-row",
    `span-${row.kind}`,
    span.status === "error" ? "span-error" : "",
    isActive ? "span-active" : "",
    matches ? (matches.has(index) ? "span-match" : "span-dim") : "",
  ];
  return (
    // The tree holds the focus and handles the keys; aria-activedescendant names this row.
    // biome-ignore lint/a11y/useKeyWithClickEvents: see above
    // biome-ignore lint/a11y/useFocusableInteractive: see above
    <div
      role="treeitem"
      id={rowDomId(span.spanId)}
      data-index={index}
      aria-level={row.depth + 1}
      aria-posinset={row.position}
      aria-setsize={row.siblings}
      aria-expanded={row.hasChildren ? open : undefined}
      aria-selected={span.spanId === selectedId}
      className={classes.filter(Boolean).join(" ")}
      style={{
        position: "absolute",
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${top}px)`,
      }}
      onClick={() => {
        onActive(index);
        onOpen(index);
      }}
    >
      <span className="span-name" style={{ paddingLeft: row.depth * 16 }} title={span.name}>
        {row.hasChildren ? (
          // ← and → do this from the keyboard.
          <span
            className="span-caret"
            aria-hidden
            onClick={(event) => {
              event.stopPropagation();
              onActive(index);
              onToggle(span.spanId, !open);
            }}
          >
            {open ? "▾" : "▸"}
          </span>
        ) : (
          <span className="span-caret" aria-hidden />
        )}
        {span.name}
        {attempts !== null && <span className="badge attempts-badge">×{attempts}</span>}
      </span>
      <span className="span-track" aria-hidden>
        <span className="span-bar" style={{ left: `${row.offset}%`, width: `${row.width}%` }} />
      </span>
      <span className="span-duration">
        {row.durationMs === null ? "open" : formatDuration(row.durationMs)}
      </span>
    </div>
  );
}
