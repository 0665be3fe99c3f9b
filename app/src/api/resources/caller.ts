/** Who the API takes the UI for: the token's holder and role, or the local operator. */
import { getJson } from "../http";
import type { Caller } from "../types";

export function fetchCaller(): Promise<Caller> {
  return getJson<Caller>("/me");
}
