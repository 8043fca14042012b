import { checkHealth } from "@/lib/health";

export const dynamic = "force-dynamic";

/** Readiness: 200 when the database answers, 503 otherwise. No authentication, no details. */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
}
