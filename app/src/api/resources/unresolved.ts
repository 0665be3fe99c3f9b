/** A batch's unresolved fields (raw values kept). */
import { getJson } from "../http";
import type { UnresolvedField } from "../types";
import { useResource } from "../useResource";

export function useUnresolved(importId: string, revision = 0) {
  return useResource(
    `unresolved:${importId}`,
    (signal) => getJson<UnresolvedField[]>(`/imports/${encodeURIComponent(importId)}/unresolved`, { limit: 1000 }, signal),
    revision,
  );
}
