import { resolve } from "node:path";

/** The repository root (`app/e2e` → `..`/`..`). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");
export const ARTIFACTS_DIR = resolve(REPO_ROOT, "test-artifacts");
