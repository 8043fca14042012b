import { vi } from "vitest";

/**
 * The request scope Next.js gives pages and actions (the session, the tenant cookie, headers),
 * stood in for so tests can call route handlers and server actions as a given person. Import it
 * before anything that imports them.
 */
export const signedIn: { userId: string | null; tenant: string | undefined } = {
  userId: null,
  tenant: undefined,
};
vi.mock("server-only", () => ({}));
vi.mock("next-auth", async (original) => ({
  ...(await original<object>()),
  // New people start at session version 1 (see lib/auth/session-version.ts).
  getServerSession: async () => (signedIn.userId ? { userId: signedIn.userId, sessionVersion: 1 } : null),
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (name === "fd_tenant" && signedIn.tenant ? { value: signedIn.tenant } : undefined),
    set: () => {},
    delete: () => {},
  }),
  headers: async () => new Headers({ host: "localhost:3000", origin: "http://localhost:3000" }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { digest: `NEXT_REDIRECT;replace;${url}` });
  },
  notFound: () => {
    throw Object.assign(new Error("NEXT_NOT_FOUND"), { digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  },
}));
