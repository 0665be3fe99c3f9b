import { humanize } from "../../lib/format";

export type BadgeTone = "neutral" | "good" | "warn" | "bad" | "info";

const TONES: Record<string, BadgeTone> = {
  applied: "good",
  approved: "good",
  low: "good",
  in_review: "warn",
  pending: "warn",
  partially_applied: "warn",
  medium: "warn",
  proposed: "info",
  mapped: "info",
  parsed: "info",
  received: "info",
  high: "bad",
  failed: "bad",
  rejected: "bad",
  blocked: "bad",
  reverted: "neutral",
};

export function toneOf(word: string): BadgeTone {
  return TONES[word] ?? "neutral";
}

/** A status, risk or kind as a small coloured label. */
export function Badge({ value, label, tone }: { value: string; label?: string; tone?: BadgeTone }) {
  return <span className={`badge badge-${tone ?? toneOf(value)}`}>{label ?? humanize(value)}</span>;
}
