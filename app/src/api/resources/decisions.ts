/** Review decisions: a batch's queue (filtered by status, kind and risk), approve and reject. */
import { getJson, postJson } from "../http";
import type { DecisionAnswer, DecisionKind, ReviewDecision, Risk } from "../types";
import { useResource } from "../useResource";

export interface DecisionFilter {
  status: "pending" | "approved" | "rejected" | "";
  kind: DecisionKind | "";
  risk: Risk | "";
}

export function useDecisions(importId: string, filter: DecisionFilter, revision = 0) {
  const { status, kind, risk } = filter;
  return useResource(
    `decisions:${importId}:${status}:${kind}:${risk}`,
    (signal) =>
      getJson<ReviewDecision[]>(`/imports/${encodeURIComponent(importId)}/decisions`, { status, kind, risk }, signal),
    revision,
  );
}

export function approveDecision(decisionId: string, answer: DecisionAnswer): Promise<ReviewDecision> {
  return postJson<ReviewDecision>(`/decisions/${encodeURIComponent(decisionId)}/approve`, answer);
}

export function rejectDecision(decisionId: string, answer: DecisionAnswer): Promise<ReviewDecision> {
  return postJson<ReviewDecision>(`/decisions/${encodeURIComponent(decisionId)}/reject`, answer);
}
