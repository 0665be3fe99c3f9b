/** Direct API calls for test setup and for finding what the demo database holds. */
import { type APIRequestContext, expect } from "@playwright/test";
import type { ClientMatch, ReviewDecision, Writeback, WritebackCreate } from "../src/api/types";

const IDENTITY_KINDS = ["ambiguous_match", "identity_merge", "identity_conflict"] as const;

export class CrmApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly baseURL: string,
    /** A bearer token, for a server that needs sign-in. */
    private readonly token?: string,
  ) {}

  private async json<T>(method: "GET" | "POST", path: string, data?: unknown): Promise<T> {
    const headers = this.token ? { Authorization: `Bearer ${this.token}` } : undefined;
    const response = await this.request.fetch(`${this.baseURL}/api/crm${path}`, { method, data, headers });
    expect(response.ok(), `${method} ${path} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
    return (await response.json()) as T;
  }

  async clients(query: string): Promise<ClientMatch[]> {
    return this.json<ClientMatch[]>("GET", `/clients?q=${encodeURIComponent(query)}`);
  }

  /** The one client a search finds (an e-mail address is a safe query). */
  async onlyClient(query: string): Promise<ClientMatch> {
    const matches = await this.clients(query);
    expect(matches, `clients matching ${query}`).toHaveLength(1);
    return matches[0]!;
  }

  /** A pending identity decision (ambiguous match, merge or conflict) about people in the demo data. */
  async pendingIdentityDecision(): Promise<ReviewDecision> {
    for (const kind of IDENTITY_KINDS) {
      const decisions = await this.json<ReviewDecision[]>("GET", `/decisions?status=pending&kind=${kind}`);
      const about = decisions.find((decision) => decision.import_id && (decision.client_ids ?? []).length > 0);
      if (about) return about;
    }
    throw new Error("The demo database has no pending identity decision to review.");
  }

  async submitWriteback(document: WritebackCreate): Promise<Writeback> {
    return this.json<Writeback>("POST", "/writebacks", document);
  }
}
