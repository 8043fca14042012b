// Its own route group: a loading state above an agent's page would make a missing agent answer 200.
export { PageLoading as default } from "@/components/ui/page-loading";
