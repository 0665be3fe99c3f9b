import { type Locator, type Page, expect } from "@playwright/test";

/** The Import Review page: upload panel and the list of imports. */
export class ImportsPage {
  readonly heading: Locator;
  readonly dropZone: Locator;
  readonly uploadButton: Locator;
  readonly progress: Locator;
  readonly imports: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Import review" });
    this.dropZone = page.getByTestId("drop-zone");
    this.uploadButton = page.getByRole("button", { name: "Upload and analyse" });
    this.progress = page.getByLabel("Upload progress");
    this.imports = page.getByRole("region", { name: "Imports" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/#/imports");
    await expect(this.heading).toBeVisible();
    await expect(this.imports.getByRole("table")).toBeVisible();
  }

  /** Drop a file on the drop zone, as a browser does when a file is dragged from the desktop. */
  async dropFile(name: string, content: string, type = "text/csv"): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ([fileName, text, mime]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([text], fileName, { type: mime }));
        return transfer;
      },
      [name, content, type] as const,
    );
    await this.dropZone.dispatchEvent("drop", { dataTransfer });
    await expect(this.dropZone).toContainText(name);
  }

  /** Upload the chosen file; resolves with the new batch's id once its page opens. */
  async upload(): Promise<string> {
    await this.uploadButton.click();
    await this.page.waitForURL(/#\/imports\/imp_[^/?]+/);
    return new URL(this.page.url()).hash.split("/")[2]!.split("?")[0]!;
  }

  row(fileName: string): Locator {
    return this.imports.getByRole("row").filter({ hasText: fileName });
  }
}
