// The app as users get it, for the drivers (bench/*.driver.mjs): `vite build` with the app's
// own vite.config.ts into a private folder, served by `vite preview` on a free port.
import { build, preview } from 'vite';
import { repoRoot } from './server.mjs';

// not dist/: others run `npm run build` and the e2e tests concurrently; a rebuild under a
// running measurement would swap the files mid-run
const OUT_DIR = 'node_modules/.bench-dist';

export async function startAppServer(log) {
  const started = Date.now();
  await build({
    root: repoRoot,
    logLevel: 'warn',
    build: { outDir: OUT_DIR, emptyOutDir: true },
  });
  log(`vite build in ${((Date.now() - started) / 1000).toFixed(1)} s (${OUT_DIR})`);
  const server = await preview({
    root: repoRoot,
    logLevel: 'warn',
    build: { outDir: OUT_DIR },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address !== 'object') {
    await server.close();
    throw new Error('vite preview did not report the port it listens on');
  }
  return { baseUrl: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}
