import { NotFoundState } from "@/components/ui/not-found-state";

export default function RunNotFound() {
  return <NotFoundState what="Run" list="Runs" href="/runs" />;
}
