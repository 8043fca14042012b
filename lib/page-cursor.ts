import { and, type Column, eq, gt, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Where a keyset page ended: its last row's sort time and id. */
export type PagePosition = { at: Date; id: string };

/** The opaque cursor a list hands out for its next page. */
export const encodePageCursor = ({ at, id }: PagePosition): string =>
  Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

export function decodePageCursor(cursor: string): PagePosition {
  const [iso = "", id = ""] = Buffer.from(cursor, "base64url").toString().split("|");
  const at = new Date(iso);
  if (Number.isNaN(at.getTime()) || !z.uuid().safeParse(id).success) {
    throw new AppError("invalid_input", "The page cursor is not valid.", { field: "cursor" });
  }
  return { at, id };
}

/** Rows after the cursor's position, in a list ordered by (time, id), ascending or descending. */
export function afterPageCursor(cursor: string, time: Column, id: Column, order: "asc" | "desc"): SQL {
  const { at, id: lastId } = decodePageCursor(cursor);
  const after = order === "asc" ? gt : lt;
  return or(after(time, at), and(eq(time, at), after(id, lastId))) as SQL;
}

/** Rows read with `limit + 1`: the page, and the cursor after its last row when more follow. */
export function keysetPage<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => PagePosition,
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodePageCursor(positionOf(last)) : null };
}
