import { existsSync } from 'node:fs';
import basicSsl from '@vitejs/plugin-basic-ssl';
import { defineConfig } from 'vitest/config';

// WGSL compute inside vitest: the `webgpu` package (Dawn) finds a SwiftShader Vulkan driver in the
// libraries Debian's Chromium ships. The variables must be set before the test workers start.
if (existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) {
  process.env.LD_LIBRARY_PATH = ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
}

// `--mode https` (npm run start:https): a self-signed certificate, since headset browsers offer WebXR
// only on HTTPS pages (or localhost).
export default defineConfig(({ mode }) => ({
  plugins: mode === 'https' ? [basicSsl({ name: 'nnwalk' })] : [],
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
        // Browser tests build the app once per run (build-once.ts) and drive Debian's Chromium; software rendering is slow.
        test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts', 'tests/xr/**/*.test.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 300_000, fileParallelism: false, globalSetup: ['tests/e2e/build-once.ts'] },
      },
    ],
  },
}));
