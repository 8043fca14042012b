import { z } from "zod";
import { getDb } from "@/db/client";
import { getDemoShopSettings } from "@/lib/demo/demo-shop-settings";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";
import { TENANT_HEADER } from "@/lib/tools/demo/http-request";

export const dynamic = "force-dynamic";

// The demo shop's own health check: demo data only, deliberately unauthenticated.
export async function GET(request: Request) {
  const tenantId = request.headers.get(TENANT_HEADER);
  if (!tenantId || !z.uuid().safeParse(tenantId).success) {
    return errorResponse(
      new AppError("invalid_input", `The ${TENANT_HEADER} header must be a tenant id (a UUID).`),
    );
  }
  const health = await getDemoShopSettings(getDb(), tenantId);
  if (!health) return errorResponse(new AppError("not_found", "This tenant has no demo shop."));
  return Response.json(
    { healthy: health.healthy, detail: health.detail },
    { status: health.healthy ? 200 : 503 },
  );
}
