import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { webhookPlugin } from './src/server/vitePlugin.ts';

// One app: the labs are client-side routes (/labs/<id>), so both the dev server and
// `vite preview` fall back to index.html for them (Vite's default "spa" appType). The webhook
// endpoint (src/server) is mounted on both.
export default defineConfig({
  plugins: [react(), webhookPlugin()],
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1', strictPort: true },
  build: { target: 'es2023', sourcemap: true },
});
