/** The source profiles an import can use. */
import { getJson } from "../http";
import type { SourceProfile } from "../types";
import { useResource } from "../useResource";

export function useSourceProfiles() {
  return useResource("source-profiles", (signal) => getJson<SourceProfile[]>("/source-profiles", undefined, signal));
}
