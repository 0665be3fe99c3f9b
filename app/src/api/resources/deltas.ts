/** A batch's proposed deltas with score and evidence. */
import { getJson } from "../http";
import type { CanonicalDelta } from "../types";
import { useResource } from "../useResource";

export function useDeltas(importId: string, revision = 0) {
  return useResource(
    `deltas:${importId}`,
    (signal) => getJson<CanonicalDelta[]>(`/imports/${encodeURIComponent(importId)}/deltas`, undefined, signal),
    revision,
  );
}
