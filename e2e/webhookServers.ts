/**
 * The preview servers the webhook specs use: playwright.config.ts starts the usual one on
 * 4173 (signatures off) and a second one on SIGNED_PORT with WEBHOOK_SECRET set.
 */
export const UNSIGNED_URL = 'http://127.0.0.1:4173';
export const SIGNED_PORT = 4174;
export const SIGNED_URL = `http://127.0.0.1:${SIGNED_PORT}`;
/** a test secret, in the Standard Webhooks form: "whsec_" and base64 */
export const WEBHOOK_TEST_SECRET = 'whsec_ZXZlbnRsYWItZTJlLXNlY3JldC1ub3QtZm9yLXVzZQ==';
