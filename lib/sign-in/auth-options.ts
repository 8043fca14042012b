import { eq } from "drizzle-orm";
import { cookies } from "next/headers";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { revokeSessions, sessionVersionOf } from "@/lib/auth/session-version";
import {
  assertSignInAllowed,
  recordFailedSignIn,
  recordSignIn,
  TooManyAttemptsError,
} from "@/lib/auth/throttle";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/net/client-address";
import { listUserTenants } from "@/lib/tenants/user-tenants";
import { linkedUserId, resolveOidcUser } from "./oidc-sign-in";
import { linkIdentity, readLinkIntent, SSO_LINK_COOKIE } from "./sso-link";

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(1000),
});

// Verified against when the email is unknown, so a miss costs as long as a hit.
let decoyHash: Promise<string> | undefined;

/** What the sign-in form reads when next-auth reports the error (see SignInForm). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";
/** The right password, but every tenant of the account is suspended. */
export const TENANT_SUSPENDED = "TenantSuspended";

export async function authorizeWithPassword(raw: unknown, request?: { headers?: Record<string, unknown> }) {
  const parsed = credentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = getDb();
  const header = request?.headers?.[CLIENT_ADDRESS_HEADER];
  const address = typeof header === "string" ? header : null;
  const { email, password } = parsed.data;
  try {
    // A locked account stays locked even for the right password: guessing gains nothing.
    await assertSignInAllowed(db, email, address);
  } catch (error) {
    if (error instanceof TooManyAttemptsError)
      throw new Error(`${TOO_MANY_ATTEMPTS}:${error.retryAfterSeconds}`);
    throw error;
  }
  const [user] = await db.select().from(users).where(eq(users.email, email));
  decoyHash ??= hashPassword("decoy-password-for-timing");
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (!user?.passwordHash || !ok) {
    await recordFailedSignIn(db, email, address);
    return null;
  }
  await recordSignIn(db, email);
  const tenants = await listUserTenants(db, user.id);
  if (tenants.length > 0 && tenants.every((t) => t.suspended)) throw new Error(TENANT_SUSPENDED);
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

/** The issuer identities are linked under: the configured one, without a trailing slash. */
const oidcIssuer = (): string => (env().OIDC_ISSUER ?? "").replace(/\/$/, "");

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
      // Single sign-on signs in only an identity linked to an account (issuer + subject), or accepts
      // open invitations for a provider-verified email that has no account yet; never by email alone.
      async signIn({ account, profile }) {
        if (account?.provider === "credentials") return true;
        if (account?.provider !== "oidc") return false;
        const claims = (profile ?? {}) as { email?: string; email_verified?: unknown; name?: string };
        if (claims.email_verified !== true) return false;
        const issuer = oidcIssuer();
        const jar = await cookies();
        const { NEXTAUTH_SECRET } = env();
        const asking = NEXTAUTH_SECRET
          ? readLinkIntent(NEXTAUTH_SECRET, jar.get(SSO_LINK_COOKIE)?.value)
          : null;
        if (asking) {
          // The signed-in person asked, in their settings, to link this identity to their account.
          jar.delete(SSO_LINK_COOKIE);
          return linkIdentity(getDb(), asking, issuer, account.providerAccountId).then(
            () => true,
            () => false,
          );
        }
        const userId = await resolveOidcUser(getDb(), {
          issuer,
          subject: account.providerAccountId,
          email: claims.email,
          emailVerified: claims.email_verified,
          name: claims.name,
        });
        return Boolean(userId);
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === "credentials") token.uid = user.id;
        else if (account?.provider === "oidc") {
          token.uid = (await linkedUserId(getDb(), oidcIssuer(), account.providerAccountId)) ?? undefined;
        }
        // Signed in just now: the token carries the person's session version (see currentSession).
        if (account && typeof token.uid === "string") token.sv = await sessionVersionOf(getDb(), token.uid);
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          userId: typeof token.uid === "string" ? token.uid : undefined,
          sessionVersion: typeof token.sv === "number" ? token.sv : undefined,
        };
      },
    },
    events: {
      // Signing out ends the person's sessions everywhere, not only this browser's cookie.
      async signOut({ token }) {
        if (typeof token?.uid === "string") await revokeSessions(getDb(), token.uid);
      },
    },
  };
}
