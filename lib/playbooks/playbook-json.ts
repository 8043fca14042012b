import { z } from "zod";
import type { PlaybookVersion } from "@/db/schema";
import { timestamp } from "@/lib/http/json-shapes";
import type { PlaybookListItem } from "./queries";

export const playbookJson = z.object({
  id: z.string(),
  name: z.string(),
  instructions: z.string(),
  tags: z.array(z.string()),
  version: z.number(),
  /** The agents (not archived) it applies to now: those that carry one of its tags. */
  agents: z.array(z.object({ id: z.string(), name: z.string() })),
  updated_by: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  deleted_at: timestamp.nullable(),
});

export const playbookVersionJson = z.object({
  version: z.number(),
  name: z.string(),
  instructions: z.string(),
  tags: z.array(z.string()),
  deleted: z.boolean(),
  written_by: z.string(),
  written_at: timestamp,
});

export const playbookListJson = z.object({ playbooks: z.array(playbookJson) });
export const playbookDetailJson = z.object({
  playbook: playbookJson,
  versions: z.array(playbookVersionJson),
});

export const toPlaybookJson = (p: PlaybookListItem): z.input<typeof playbookJson> => ({
  id: p.id,
  name: p.name,
  instructions: p.instructions,
  tags: p.tags,
  version: p.version,
  agents: p.agents.map(({ id, name }) => ({ id, name })),
  updated_by: p.updatedBy,
  created_at: p.createdAt,
  updated_at: p.updatedAt,
  deleted_at: p.deletedAt,
});

export const toPlaybookVersionJson = (v: PlaybookVersion): z.input<typeof playbookVersionJson> => ({
  version: v.version,
  name: v.name,
  instructions: v.instructions,
  tags: v.tags,
  deleted: v.deleted,
  written_by: v.writtenBy,
  written_at: v.writtenAt,
});
