import { type Locator, type Page, expect } from "@playwright/test";

/** Client search: by name, e-mail, phone or company. */
export class ClientSearchPage {
  readonly box: Locator;
  readonly results: Locator;

  constructor(private readonly page: Page) {
    this.box = page.getByRole("searchbox", { name: "Search clients" });
    this.results = page.getByRole("region", { name: "Search results" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/#/clients");
    await expect(this.box).toBeVisible();
  }

  async search(query: string): Promise<void> {
    await this.box.fill(query);
    await this.box.press("Enter");
    await expect(this.results.getByRole("table")).toBeVisible();
  }

  async open(name: string): Promise<void> {
    await this.results.getByRole("link", { name }).first().click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}
