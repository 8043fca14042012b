import type { Metadata } from "next";
import { requirePageSession } from "@/app/(app)/page-session";
import { FreezeSection } from "@/components/kill/freeze-section";
import { AccountSection } from "@/components/settings/account-section";
import { AlertsSection } from "@/components/settings/alerts-section";
import { ApiKeysSection } from "@/components/settings/api-keys-section";
import { BudgetSection } from "@/components/settings/budget-section";
import { MembersSection } from "@/components/settings/members-section";
import { OutboxSection } from "@/components/settings/outbox-section";
import { PriceSection } from "@/components/settings/price-section";
import { ReceiptsSection } from "@/components/settings/receipts-section";
import { RedactionSection } from "@/components/settings/redaction-section";
import { TimeZoneSection } from "@/components/settings/time-zone-section";
import { WebhooksSection } from "@/components/settings/webhooks-section";
import { Forbidden } from "@/components/ui/forbidden";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { listAgents } from "@/lib/agents/queries";
import { listAlertRules } from "@/lib/alerts/alert-rules";
import { listApiKeys } from "@/lib/api-keys/api-keys";
import { can } from "@/lib/auth/actor";
import { tenantBudgetToday } from "@/lib/budgets/tenant-budget";
import { utcToday } from "@/lib/day";
import { DEMO_SHOP_SCOPE, getDemoShopSettings } from "@/lib/demo/demo-shop-settings";
import { env } from "@/lib/env";
import { listOpenInvitations } from "@/lib/invitations/open-invitations";
import { activeBannerSwitches } from "@/lib/kill/queries";
import { listOutbox } from "@/lib/mail/outbox";
import { mailTransport } from "@/lib/mail/transport";
import { listMembers } from "@/lib/members/members";
import { listPrices } from "@/lib/models/price-table";
import { getRedactionRules } from "@/lib/redaction/tenant-rules";
import { oidcEnabled } from "@/lib/sign-in/auth-options";
import { signInMethods } from "@/lib/sign-in/sso-link";
import { knownTimeZones } from "@/lib/sign-in/time-zone";
import { listWebhookEndpoints } from "@/lib/webhooks/endpoints";
import { getEscalationSetting } from "@/lib/webhooks/escalation-setting";
import { DemoShopSection } from "./demo-shop-section";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { actor, user } = await requirePageSession();
  if (!can(actor, "members:read")) return <Forbidden what="the tenant's settings" />;
  const db = getDb();
  const members = await listMembers(db, actor);
  const frozen = (await activeBannerSwitches(db, actor.tenantId)).find((s) => s.scope === "tenant") ?? null;
  const keys = can(actor, "api_keys:manage") ? await listApiKeys(db, actor) : null;
  const webhooks = can(actor, "webhooks:manage") ? await listWebhookEndpoints(db, actor) : null;
  const escalation = webhooks ? await getEscalationSetting(db, actor) : null;
  const budget = await tenantBudgetToday(db, actor.tenantId);
  const shop = await getDemoShopSettings(db, actor.tenantId);
  const outbox =
    can(actor, "members:manage") && mailTransport().delivery === "outbox"
      ? await listOutbox(db, actor)
      : null;
  return (
    <>
      <PageHeader
        title="Settings"
        description={`Members, API keys, webhooks, alerts, the daily budget and the freeze switch of ${actor.tenantName}.`}
      />
      {can(actor, "kill:engage") && <FreezeSection tenantName={actor.tenantName} frozen={frozen} />}
      <BudgetSection today={budget} canManage={can(actor, "budgets:manage")} />
      {can(actor, "dashboards:read") && (
        <AlertsSection
          rules={await listAlertRules(db, actor)}
          agentNames={(await listAgents(db, actor)).map((a) => a.name)}
          canManage={can(actor, "alerts:manage")}
        />
      )}
      <PriceSection
        models={await listPrices(db, actor)}
        canManage={can(actor, "prices:manage")}
        today={utcToday()}
      />
      <MembersSection
        members={members}
        currentUserId={actor.id}
        canManage={can(actor, "members:manage")}
        invitations={can(actor, "members:manage") ? await listOpenInvitations(db, actor) : undefined}
      />
      {outbox && <OutboxSection mails={outbox} />}
      <AccountSection
        email={user.email}
        ssoName={oidcEnabled() ? env().OIDC_NAME : undefined}
        {...(await signInMethods(db, user.id))}
      />
      <TimeZoneSection current={user.timeZone} zones={[...knownTimeZones()]} />
      <RedactionSection
        rules={await getRedactionRules(db, actor.tenantId)}
        canManage={can(actor, "redaction:manage")}
      />
      {keys && <ApiKeysSection keys={keys} />}
      {webhooks && (
        <WebhooksSection endpoints={webhooks} escalationMinutes={escalation?.after_minutes ?? null} />
      )}
      {can(actor, "receipts:verify") && <ReceiptsSection />}
      {shop && <DemoShopSection shop={shop} canManage={can(actor, DEMO_SHOP_SCOPE)} />}
    </>
  );
}
