/** One client's Client360Snapshot, or several side by side (the candidates of an identity decision). */
import { getJson } from "../http";
import { type Problem, problemOf } from "../problem";
import type { Client360Snapshot } from "../types";
import { useResource } from "../useResource";

const fetchSnapshot = (clientId: string, signal?: AbortSignal) =>
  getJson<Client360Snapshot>(`/client-360/${encodeURIComponent(clientId)}`, undefined, signal);

export function useClient360(clientId: string | null, revision = 0) {
  return useResource(clientId ? `client360:${clientId}` : null, (signal) => fetchSnapshot(clientId ?? "", signal), revision);
}

export type SnapshotLookup = { ok: true; snapshot: Client360Snapshot } | { ok: false; problem: Problem };

/** Several snapshots by client id; one that fails to load does not hide the others. */
export function useClient360s(clientIds: readonly string[]) {
  return useResource(clientIds.length > 0 ? `client360s:${clientIds.join(",")}` : null, async (signal) => {
    const settled = await Promise.allSettled(clientIds.map((id) => fetchSnapshot(id, signal)));
    return Object.fromEntries(
      settled.map((outcome, index): [string, SnapshotLookup] => [
        clientIds[index] ?? "",
        outcome.status === "fulfilled" ? { ok: true, snapshot: outcome.value } : { ok: false, problem: problemOf(outcome.reason) },
      ]),
    );
  });
}
