import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The embedded models, digits and configs are served as static files (fetched by URL at run time).
  publicDir: 'src/assets',
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  server: { port: 5173 },
  preview: { port: 5173 },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        // Browser tests build the app once and drive Debian's Chromium; software rendering is slow.
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
