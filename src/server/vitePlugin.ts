import type { Connect, Logger, Plugin } from 'vite';
import { createWebhookEndpoint, type WebhookEndpointOptions } from './endpoint.ts';
import type { AllowedHosts } from './hostCheck.ts';

/**
 * Mounts the webhook endpoint on `npm start` (the dev server) and on `vite preview` (what the
 * e2e tests and benchmarks run against). The secret comes from WEBHOOK_SECRET unless given;
 * allowed hosts are the server's own `allowedHosts` setting, as Vite resolved it.
 */
export function webhookPlugin(options: Omit<WebhookEndpointOptions, 'allowedHosts'> = {}): Plugin {
  const secret = options.secret ?? (process.env.WEBHOOK_SECRET || undefined);
  const mount = (
    middlewares: Connect.Server,
    httpServer: { once(event: 'close', fn: () => void): unknown } | null,
    allowedHosts: AllowedHosts,
    logger: Logger,
  ) => {
    const endpoint = createWebhookEndpoint({ ...options, secret, allowedHosts });
    middlewares.use(endpoint.handle);
    // open event streams would otherwise hold the server's close
    httpServer?.once('close', endpoint.close);
    logger.info(
      secret
        ? '  webhooks: POST /webhook/order, signatures required (WEBHOOK_SECRET)'
        : '  webhooks: POST /webhook/order, unsigned (set WEBHOOK_SECRET=whsec_... to require signatures)',
    );
  };
  return {
    name: 'eventlab:webhook',
    configureServer: (server) =>
      mount(
        server.middlewares,
        server.httpServer,
        server.config.server.allowedHosts,
        server.config.logger,
      ),
    configurePreviewServer: (server) =>
      mount(
        server.middlewares,
        server.httpServer,
        server.config.preview.allowedHosts,
        server.config.logger,
      ),
  };
}
