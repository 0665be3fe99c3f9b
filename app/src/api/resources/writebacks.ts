/** Oracle writebacks of one client, and applying a writeback's approved deltas. */
import { getJson, postJson } from "../http";
import type { ApplyResult, Writeback } from "../types";
import { useResource } from "../useResource";

export function useWritebacks(clientId: string, revision = 0) {
  return useResource(
    `writebacks:${clientId}`,
    (signal) => getJson<Writeback[]>("/writebacks", { client_id: clientId }, signal),
    revision,
  );
}

export function applyWriteback(writebackId: string): Promise<ApplyResult> {
  return postJson<ApplyResult>(`/writebacks/${encodeURIComponent(writebackId)}/apply`);
}
