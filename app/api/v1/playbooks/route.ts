import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { createPlaybook, createPlaybookSchema } from "@/lib/playbooks/edit-playbook";
import { playbookJson, playbookListJson, toPlaybookJson } from "@/lib/playbooks/playbook-json";
import { getPlaybook, listPlaybooks } from "@/lib/playbooks/queries";

/** The tenant's playbooks by name, each with the agents it applies to. */
export const GET = apiRoute(
  { scope: "playbooks:read", responses: { 200: playbookListJson } },
  async ({ actor }) => ({
    playbooks: (await listPlaybooks(getDb(), actor)).map(toPlaybookJson),
  }),
);

const createBody = snakeCaseBody(createPlaybookSchema);

/** Writes a playbook (version 1); it applies to the next runs of every agent with one of its tags. */
export const POST = apiRoute(
  { scope: "playbooks:write", body: createBody, responses: { 201: playbookJson } },
  async ({ actor, body }) => {
    const { id } = await createPlaybook(getDb(), actor, body);
    const { playbook } = await getPlaybook(getDb(), actor, id);
    return Response.json(toPlaybookJson(playbook), {
      status: 201,
      headers: { location: `/api/v1/playbooks/${id}` },
    });
  },
);
