/**
 * The webhook endpoint's fixed numbers and paths, in one place: the server, its tests, the
 * lab's panel (which builds a curl line) and the docs all name the same ones.
 */

/** `POST /webhook/order`, and `POST /webhook/<topic>` for other topics. */
export const WEBHOOK_PREFIX = '/webhook/';

/**
 * The Server-Sent Events stream the open tabs read. Not under /webhook/, so that no topic
 * name can collide with it; `/__eventlab/` as Vite keeps `/__vite_ping` for its own use.
 */
export const EVENTS_PATH = '/__eventlab/webhook/events';

/** What the endpoint is set to (is signing on?), for the lab's panel. */
export const STATUS_PATH = '/__eventlab/webhook/status';

/** 100 KB: a body above this is refused with 413 before it is parsed. */
export const MAX_BODY_BYTES = 100 * 1024;
