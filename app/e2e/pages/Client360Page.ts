import { type Locator, type Page, expect } from "@playwright/test";
import { DecisionCard } from "./DecisionCard";

/** A client's 360 view and its Oracle CRM Intelligence subtab. */
export class Client360Page {
  readonly heading: Locator;
  readonly profile: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.profile = page.getByRole("region", { name: "Golden profile" });
  }

  async goto(clientId: string): Promise<void> {
    await this.page.goto(`/#/clients/${clientId}`);
    await expect(this.profile).toBeVisible();
  }

  panel(title: string): Locator {
    return this.page.getByRole("region", { name: title });
  }

  /** Press a profile value to reveal where it came from. */
  async showProvenance(value: string): Promise<Locator> {
    const button = this.profile.getByRole("button", { name: value, exact: true });
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    return this.profile.locator(".provenance-row");
  }

  async openTab(tab: "Client 360" | "Oracle CRM Intelligence"): Promise<void> {
    await this.page.getByRole("navigation", { name: "Client sections" }).getByRole("link", { name: new RegExp(`^${tab}`) }).click();
  }

  writeback(writebackId: string): Locator {
    return this.page.getByRole("article", { name: `Writeback ${writebackId}` });
  }

  writebackDecision(writebackId: string, question: string | RegExp): DecisionCard {
    return new DecisionCard(this.writeback(writebackId).getByRole("article").filter({ has: this.page.getByRole("heading", { name: question }) }));
  }

  /** Undo the client's last merge through its confirmation; resolves with the result line. */
  async splitLastMerge(): Promise<Locator> {
    await this.page.getByRole("button", { name: "Split the last merge…" }).click();
    await this.page.getByRole("dialog", { name: "Split the last merge?" }).getByRole("button", { name: "Split merge" }).click();
    const result = this.page.getByRole("status", { name: "Unmerge result" });
    await expect(result).toBeVisible();
    return result;
  }

  async applyWriteback(writebackId: string): Promise<Locator> {
    const card = this.writeback(writebackId);
    await card.getByRole("button", { name: "Apply approved changes" }).click();
    const result = card.getByRole("status", { name: "Apply result" });
    await expect(result).toBeVisible();
    return result;
  }
}
