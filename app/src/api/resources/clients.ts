/** Client search: name (typo-tolerant), e-mail, phone in any format or company. */
import { getJson, postJson } from "../http";
import type { ClientMatch, RevertResult } from "../types";
import { useResource } from "../useResource";

export function useClientSearch(query: string) {
  const q = query.trim();
  return useResource(q ? `clients:${q}` : null, (signal) => getJson<ClientMatch[]>("/clients", { q, limit: 50 }, signal));
}

/** Split the client's latest applied merge; the server remembers they are not the same. */
export function unmergeClient(clientId: string): Promise<RevertResult> {
  return postJson<RevertResult>(`/clients/${encodeURIComponent(clientId)}/unmerge`);
}
