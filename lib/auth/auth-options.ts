import { eq } from "drizzle-orm";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { env } from "@/lib/env";
import { hashPassword, verifyPassword } from "./password";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1000),
});

// Verified against when the email is unknown, so a miss costs as long as a hit.
let decoyHash: Promise<string> | undefined;

async function authorizeWithPassword(raw: unknown) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const [user] = await getDb().select().from(users).where(eq(users.email, parsed.data.email));
  decoyHash ??= hashPassword("decoy-password-for-timing");
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), parsed.data.password);
  if (!user?.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}

function oidcProviders(): NextAuthOptions["providers"] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_NAME } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: OIDC_NAME,
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: { sub: string; email?: string; name?: string }) => ({
        id: profile.sub,
        email: profile.email?.toLowerCase() ?? null,
        name: profile.name ?? profile.email ?? null,
      }),
    },
  ];
}

export const oidcEnabled = (): boolean => oidcProviders().length > 0;

/** next-auth configuration. The session only names the user; roles are read per request. */
export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/sign-in", error: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        authorize: authorizeWithPassword,
      }),
      ...oidcProviders(),
    ],
    callbacks: {
      // Single sign-on admits only people already invited to a tenant, matched by email.
      async signIn({ user, account }) {
        if (account?.provider === "credentials") return true;
        if (!user.email) return false;
        const [known] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, user.email));
        return Boolean(known);
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") token.uid = user.id;
        else if (user?.email) {
          const [known] = await getDb()
            .select({ id: users.id })
            .from(users)
            .where(eq(users.email, user.email));
          token.uid = known?.id;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, userId: typeof token.uid === "string" ? token.uid : undefined };
      },
    },
  };
}
