import { type Locator, type Page, expect } from "@playwright/test";
import { DecisionCard } from "./DecisionCard";

type ImportTab = "Review queue" | "Mapping" | "Unresolved" | "Changes";

/** One import batch: summary, apply and revert, and its four tabs. */
export class ImportPage {
  readonly heading: Locator;
  readonly summary: Locator;
  readonly reviewQueue: Locator;
  readonly mapping: Locator;
  readonly unresolved: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.summary = page.getByRole("region", { name: "Import summary" });
    this.reviewQueue = page.getByRole("region", { name: "Review queue" });
    this.mapping = page.getByRole("region", { name: "Column mapping" });
    this.unresolved = page.getByRole("region", { name: "Unresolved fields" });
  }

  async goto(importId: string): Promise<void> {
    await this.page.goto(`/#/imports/${importId}`);
    await expect(this.summary).toBeVisible();
  }

  get importId(): string {
    return new URL(this.page.url()).hash.split("/")[2]!.split("?")[0]!;
  }

  async expectStatus(status: string | RegExp): Promise<void> {
    await expect(this.heading.locator(".badge")).toHaveText(status);
  }

  async openTab(tab: ImportTab): Promise<void> {
    await this.page.getByRole("navigation", { name: "Import sections" }).getByRole("link", { name: new RegExp(`^${tab}`) }).click();
  }

  // mapping tab

  mappingRow(column: string): Locator {
    return this.mapping.getByRole("row").filter({ has: this.page.getByRole("rowheader", { name: new RegExp(`^${column}`) }) });
  }

  targetOf(column: string): Locator {
    return this.mapping.getByLabel(`Target for column ${column}`);
  }

  async setTarget(column: string, choice: { label: string }): Promise<void> {
    await this.targetOf(column).selectOption(choice);
  }

  /** Save the edited mapping; resolves with the id of the replayed batch once its page opens. */
  async saveMapping(): Promise<string> {
    const before = this.importId;
    await this.mapping.getByRole("button", { name: "Save mapping and replay" }).click();
    await this.page.waitForURL((url) => /#\/imports\/imp_/.test(url.hash) && !url.hash.includes(before));
    await expect(this.summary).toBeVisible();
    return this.importId;
  }

  // review tab

  async filterKind(label: string): Promise<void> {
    await this.reviewQueue.getByLabel("Kind").selectOption({ label });
  }

  decision(question: string | RegExp): DecisionCard {
    return new DecisionCard(this.reviewQueue.getByRole("article").filter({ has: this.page.getByRole("heading", { name: question }) }));
  }

  async approveAllLowRisk(): Promise<Locator> {
    await this.reviewQueue.getByRole("button", { name: "Approve all low-risk" }).click();
    const result = this.reviewQueue.getByRole("status").filter({ hasText: /^Approved/ });
    await expect(result).toBeVisible();
    return result;
  }

  // apply and revert

  async apply(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Apply approved changes" }).click();
    const result = this.page.getByRole("status", { name: "Apply result" });
    await expect(result).toBeVisible();
    return result;
  }

  async revert(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Revert this import…" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Revert this import?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Revert import" }).click();
    const result = this.page.getByRole("status", { name: "Revert result" });
    await expect(result).toBeVisible();
    return result;
  }
}
