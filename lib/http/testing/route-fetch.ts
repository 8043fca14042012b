import type { RouteEntry } from "@/lib/http/openapi";
import { openApiPath } from "@/lib/http/openapi";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * A `fetch` that answers with the v1 route handlers themselves, in process, as Next.js would call
 * them: for clients under test without a server. An unknown path or method answers 404.
 */
export function routeFetch(routes: RouteEntry[]): typeof fetch {
  const table = routes.map(({ path, module }) => {
    const { path: template, params } = openApiPath(path);
    const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`);
    return { pattern, params, module: module as Record<string, Handler | undefined> };
  });
  return async (input, init) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    for (const route of table) {
      const match = route.pattern.exec(pathname);
      const handler = route.module[request.method];
      if (!match || !handler) continue;
      const params = Object.fromEntries(
        route.params.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]),
      );
      return handler(request, { params: Promise.resolve(params) });
    }
    return new Response(null, { status: 404 });
  };
}
