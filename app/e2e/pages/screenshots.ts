import { join } from "node:path";
import type { Page } from "@playwright/test";
import { ARTIFACTS_DIR } from "../paths";

/** Save the whole page to test-artifacts/NAME.png. The viewport grows to the page's height
 * first, so sticky bars sit where a reader expects them rather than mid-page. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: original.width, height: Math.min(Math.max(height, original.height), 8000) });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
  await page.setViewportSize(original);
}
