import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The Tauri shell loads http://localhost:5173 in dev and embeds dist/ in release builds.
export default defineConfig({
  plugins: [svelte()],
  resolve: {
    alias: { $lib: decodeURIComponent(new URL('./src/lib', import.meta.url).pathname) },
  },
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  build: { target: 'safari15', outDir: 'dist', emptyOutDir: true, modulePreload: { polyfill: false } },
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
