/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API runs on the FastAPI server; `npm run dev` proxies /api to it (VELOCITY_API, default :8000).
const apiTarget = process.env.VELOCITY_API ?? "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": apiTarget } },
  build: { outDir: "dist", sourcemap: false },
  test: {
    globals: true,
    css: false,
    // Pure utilities run in plain Node; only component tests pay for a DOM.
    projects: [
      { extends: true, test: { name: "unit", environment: "node", include: ["src/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "components", environment: "jsdom", include: ["src/**/*.test.tsx"], setupFiles: ["src/test/setup.ts"] },
      },
    ],
  },
});
