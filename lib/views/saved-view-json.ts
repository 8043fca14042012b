import { z } from "zod";
import type { SavedView } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";

export const savedViewShape = z.object({
  id: z.string(),
  name: z.string(),
  /** The runs list's query string: open `/runs?<query>`. */
  query: z.string(),
  shared: z.boolean(),
  owner: z.string(),
  mine: z.boolean(),
  created_at: timestamp,
});

export const savedViewJson = (v: SavedView, callerId: string): z.input<typeof savedViewShape> => ({
  id: v.id,
  name: v.name,
  query: v.query,
  shared: v.shared,
  owner: v.ownerLabel,
  mine: v.ownerId === callerId,
  created_at: v.createdAt.toISOString(),
});
