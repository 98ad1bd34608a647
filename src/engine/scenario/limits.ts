/**
 * What a scenario file or link may be, checked before the scenario schema sees it, so that a
 * hostile file costs little to refuse. README.md beside this file says why each number.
 */

/** A file (or a decompressed link) over this many bytes is refused unread. */
export const MAX_SCENARIO_BYTES = 5 * 1024 * 1024;

/**
 * Arrays and objects nested deeper than this are refused before JSON.parse. The schema's own
 * structure is 8 deep (`nodes[i].handler.listeners[k].handler.when`); an emit's free-form
 * `data` gets the rest. scenarioDepth.test.ts checks the margin as the schema grows.
 */
export const MAX_SCENARIO_DEPTH = 32;

/**
 * A link to a scenario is at most this long, the whole URL: RFC 9110 (4.1) recommends that
 * everything that handles URIs supports at least 8,000 octets; past that, chat apps, mail
 * clients and proxies may cut it. A longer scenario goes as a file.
 */
export const MAX_LINK_LENGTH = 8000;

/** Keys that could reach an object's prototype when a file is merged or copied later. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
