import { NotFoundState } from "@/components/ui/not-found-state";

export default function PlaybookNotFound() {
  return <NotFoundState what="Playbook" list="Playbooks" href="/playbooks" />;
}
