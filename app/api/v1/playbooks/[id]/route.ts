import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCaseBody } from "@/lib/http/naming";
import { deletePlaybook, updatePlaybook, updatePlaybookSchema } from "@/lib/playbooks/edit-playbook";
import {
  playbookDetailJson,
  playbookJson,
  toPlaybookJson,
  toPlaybookVersionJson,
} from "@/lib/playbooks/playbook-json";
import { getPlaybook } from "@/lib/playbooks/queries";

type Params = { id: string };

/** A playbook (a deleted one too) and every version of it, newest first. */
export const GET = apiRoute<Params>(
  { scope: "playbooks:read", responses: { 200: playbookDetailJson } },
  async ({ actor, params }) => {
    const { playbook, versions } = await getPlaybook(getDb(), actor, params.id);
    return { playbook: toPlaybookJson(playbook), versions: versions.map(toPlaybookVersionJson) };
  },
);

const putBody = snakeCaseBody(updatePlaybookSchema);

/** Saves the next version; `expected_version` is the one edited (409 if someone saved since). */
export const PUT = apiRoute<Params, typeof putBody>(
  { scope: "playbooks:write", body: putBody, responses: { 200: playbookJson } },
  async ({ actor, params, body }) => {
    await updatePlaybook(getDb(), actor, params.id, body);
    return toPlaybookJson((await getPlaybook(getDb(), actor, params.id)).playbook);
  },
);

/** Deletes the playbook: no new run gets it; its history stays. */
export const DELETE = apiRoute<Params>(
  { scope: "playbooks:write", responses: { 200: playbookJson } },
  async ({ actor, params }) => {
    await deletePlaybook(getDb(), actor, params.id);
    return toPlaybookJson((await getPlaybook(getDb(), actor, params.id)).playbook);
  },
);
