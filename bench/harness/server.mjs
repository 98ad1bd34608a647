// The Vite dev server that serves the bench page and compiles the *.bench.ts modules.
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Starts Vite on a free port of 127.0.0.1; returns the server and its base URL. */
export async function startBenchServer() {
  const server = await createServer({
    // the app's vite.config.ts (React plugin, fixed ports) is not wanted here
    configFile: false,
    root: repoRoot,
    appType: 'mpa',
    logLevel: 'warn',
    clearScreen: false,
    // own cache, so a concurrent `npm run dev` and the bench do not re-optimise each other's deps
    cacheDir: 'node_modules/.vite-bench',
    server: {
      host: '127.0.0.1',
      port: 0,
      // others edit src/ while we measure: a reload would abort the run mid-benchmark
      hmr: false,
      watch: null,
      // cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      },
    },
    optimizeDeps: {
      // bench modules are imported at run time, out of the scanner's sight from the page: crawl
      // them (and the src/ code they import) up front, so no late discovery reloads the page
      entries: ['bench/page.ts', 'bench/*.bench.ts'],
      include: ['tinybench', 'eventemitter2', 'mitt'],
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (address === null || typeof address !== 'object') {
    await server.close();
    throw new Error('Vite did not report the port it listens on');
  }
  return { server, baseUrl: `http://127.0.0.1:${address.port}` };
}
