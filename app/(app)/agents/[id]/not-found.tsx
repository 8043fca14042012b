import { NotFoundState } from "@/components/ui/not-found-state";

export default function AgentNotFound() {
  return <NotFoundState what="Agent" list="Agents" href="/agents" />;
}
