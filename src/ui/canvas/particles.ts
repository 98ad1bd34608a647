import { type JourneyRef, journeyKey } from '../inspector/journey';

/**
 * Message particles: one animator moves every dot from one frame loop (measured here: a
 * motion component per dot drops to 22 fps at 3,000 dots, one loop holds about 44), by
 * setting attributes on SVG elements it owns, without React renders.
 *
 * At high rates the picture samples: each edge draws at most `perEdge` dots at a time, and
 * the messages beyond them travel as a count on a badge at the edge's middle ("+1,234"),
 * which drops as they land. The engine still does all the work; the page does a bounded
 * amount per frame whatever the rate. Positions come from a table of points sampled along
 * each path (resampled when the path changes), not from getPointAtLength per dot per frame.
 *
 * Factory shape after xyflow's XYDrag: `createParticleAnimator(...)` returns `{add, frame,
 * destroy}`.
 */

/** `compensation`: a saga's undo, drawn apart from the forward messages */
export type ParticleKind = 'message' | 'exact' | 'prefix' | 'all' | 'failed' | 'compensation';

export interface Particle {
  readonly edgeId: string;
  /** simulated times the particle leaves and lands */
  readonly start: number;
  readonly end: number;
  readonly kind: ParticleKind;
  readonly label?: string;
  /** the broker message it carries: a click on the dot inspects it */
  readonly messageId?: string;
  /** a message followed beyond the broker (to a topic, a saga): a click opens its journey */
  readonly journey?: JourneyRef;
}

export interface ParticleAnimatorOptions {
  readonly layer: SVGGElement;
  readonly paths: ReadonlyMap<string, SVGPathElement>;
  /** when true, dots do not move: the edge being travelled is highlighted instead */
  readonly reducedMotion: boolean;
  /** dots drawn at once on one edge; the rest are counted on its badge. Default 6 */
  readonly perEdge?: number;
}

interface Live {
  readonly p: Particle;
  readonly el: SVGGElement | undefined;
}

/** The messages an edge carries beyond its drawn dots, by landing time. */
interface Hidden {
  /** landing times, ascending (a bucket per BUCKET_MS), from `head` on */
  readonly ends: number[];
  readonly counts: number[];
  head: number;
  total: number;
  badge: SVGTextElement | undefined;
  shown: number;
}

/** Points sampled along one path, for positions by table lookup. */
interface PathTable {
  readonly d: string;
  /** x0, y0, x1, y1, ... at equal arc lengths */
  readonly xy: Float32Array;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const DEFAULT_PER_EDGE = 6;
// a global bound as well, for scenarios with many edges
const MAX_LIVE = 600;
// hidden messages landing within this many ms of each other share one counter
const BUCKET_MS = 50;
const TABLE_POINTS = 48;
const count = new Intl.NumberFormat('en');

export function createParticleAnimator({
  layer,
  paths,
  reducedMotion,
  perEdge = DEFAULT_PER_EDGE,
}: ParticleAnimatorOptions) {
  let live: Live[] = [];
  const drawn = new Map<string, number>();
  const hidden = new Map<string, Hidden>();
  const tables = new Map<string, PathTable>();

  const makeDot = (p: Particle): SVGGElement => {
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', `particle particle-${p.kind}`);
    if (p.messageId !== undefined) {
      g.dataset.message = p.messageId;
      g.classList.add('is-inspectable');
    }
    if (p.journey !== undefined) {
      g.dataset.journey = journeyKey(p.journey);
      g.classList.add('is-inspectable');
    }
    const halo = document.createElementNS(SVG_NS, 'circle');
    halo.setAttribute('r', '11');
    halo.setAttribute('class', 'particle-halo');
    const dot = document.createElementNS(SVG_NS, 'circle');
    dot.setAttribute('r', '6');
    dot.setAttribute('class', 'particle-dot');
    g.append(halo, dot);
    if (p.label !== undefined) {
      const text = document.createElementNS(SVG_NS, 'text');
      text.setAttribute('y', '-14');
      text.setAttribute('text-anchor', 'middle');
      text.setAttribute('class', 'particle-label');
      text.textContent = p.label; // textContent: event names are data, never markup
      g.append(text);
    }
    g.style.visibility = 'hidden';
    layer.append(g);
    return g;
  };

  const makeBadge = (): SVGTextElement => {
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('class', 'particle-count');
    text.setAttribute('text-anchor', 'middle');
    text.setAttribute('dy', '-10');
    text.setAttribute('font-size', '12');
    text.setAttribute('font-weight', '600');
    text.setAttribute('fill', 'currentColor');
    text.setAttribute('paint-order', 'stroke');
    text.setAttribute('stroke', 'var(--bg, #fff)');
    text.setAttribute('stroke-width', '3');
    layer.append(text);
    return text;
  };

  const setCarrying = (edgeId: string, kind: ParticleKind, on: boolean) => {
    const path = paths.get(edgeId);
    if (path === undefined) return;
    if (on) path.dataset.carrying = kind;
    else delete path.dataset.carrying;
  };

  /** The path's point table, sampled again when its shape changed (a node was moved). */
  const tableOf = (edgeId: string): PathTable | undefined => {
    const path = paths.get(edgeId);
    if (path === undefined) return undefined;
    const d = path.getAttribute('d') ?? '';
    const known = tables.get(edgeId);
    if (known !== undefined && known.d === d) return known;
    const length = path.getTotalLength();
    const xy = new Float32Array(2 * (TABLE_POINTS + 1));
    for (let i = 0; i <= TABLE_POINTS; i++) {
      const point = path.getPointAtLength((i / TABLE_POINTS) * length);
      xy[2 * i] = point.x;
      xy[2 * i + 1] = point.y;
    }
    const table = { d, xy };
    tables.set(edgeId, table);
    return table;
  };

  /** Where a dot is at fraction `t` of the path: the table, interpolated. */
  const pointAt = (table: PathTable, t: number): [number, number] => {
    const at = Math.min(1, Math.max(0, t)) * TABLE_POINTS;
    const i = Math.min(TABLE_POINTS - 1, Math.floor(at));
    const f = at - i;
    const { xy } = table;
    const x0 = xy[2 * i] ?? 0;
    const y0 = xy[2 * i + 1] ?? 0;
    const x1 = xy[2 * i + 2] ?? x0;
    const y1 = xy[2 * i + 3] ?? y0;
    return [x0 + (x1 - x0) * f, y0 + (y1 - y0) * f];
  };

  const hide = (p: Particle) => {
    let h = hidden.get(p.edgeId);
    if (h === undefined) {
      h = { ends: [], counts: [], head: 0, total: 0, badge: undefined, shown: 0 };
      hidden.set(p.edgeId, h);
    }
    const last = h.ends.length - 1;
    const lastEnd = h.ends[last];
    if (last >= h.head && lastEnd !== undefined && p.end - lastEnd < BUCKET_MS) {
      h.counts[last] = (h.counts[last] ?? 0) + 1;
    } else {
      h.ends.push(p.end);
      h.counts.push(1);
    }
    h.total++;
  };

  /** Lands the hidden messages due by `now`, then shows what is left on the badge. */
  const frameHidden = (edgeId: string, h: Hidden, now: number) => {
    while (h.head < h.ends.length && (h.ends[h.head] ?? 0) <= now) {
      h.total -= h.counts[h.head] ?? 0;
      h.head++;
    }
    if (h.head > 64 && h.head * 2 > h.ends.length) {
      h.ends.splice(0, h.head);
      h.counts.splice(0, h.head);
      h.head = 0;
    }
    if (reducedMotion) {
      if (h.total > 0) setCarrying(edgeId, 'message', true);
      else if ((drawn.get(edgeId) ?? 0) === 0) setCarrying(edgeId, 'message', false);
      return;
    }
    if (h.total === h.shown) return;
    h.shown = h.total;
    if (h.total === 0) {
      h.badge?.remove();
      h.badge = undefined;
      return;
    }
    const table = tableOf(edgeId);
    if (table === undefined) return;
    h.badge ??= makeBadge();
    const [x, y] = pointAt(table, 0.5);
    h.badge.setAttribute('x', x.toFixed(1));
    h.badge.setAttribute('y', y.toFixed(1));
    h.badge.textContent = `+${count.format(h.total)}`;
  };

  return {
    add(p: Particle): void {
      const onEdge = drawn.get(p.edgeId) ?? 0;
      if (onEdge >= perEdge || live.length >= MAX_LIVE) {
        hide(p);
        return;
      }
      drawn.set(p.edgeId, onEdge + 1);
      live.push({ p, el: reducedMotion ? undefined : makeDot(p) });
    },

    /** Positions every particle at simulated time `now`; removes the ones that landed. */
    frame(now: number): void {
      const next: Live[] = [];
      for (const item of live) {
        const { p, el } = item;
        if (now >= p.end) {
          el?.remove();
          drawn.set(p.edgeId, (drawn.get(p.edgeId) ?? 1) - 1);
          if (reducedMotion) setCarrying(p.edgeId, p.kind, false);
          continue;
        }
        next.push(item);
        if (now < p.start) continue;
        if (reducedMotion) {
          setCarrying(p.edgeId, p.kind, true);
          continue;
        }
        if (el === undefined) continue;
        const table = tableOf(p.edgeId);
        if (table === undefined) continue;
        const t = p.end === p.start ? 1 : (now - p.start) / (p.end - p.start);
        const [x, y] = pointAt(table, easeInOut(t));
        el.setAttribute('transform', `translate(${x.toFixed(1)} ${y.toFixed(1)})`);
        el.style.visibility = 'visible';
      }
      live = next;
      for (const [edgeId, h] of hidden) frameHidden(edgeId, h, now);
    },

    /** dots drawn now */
    get count(): number {
      return live.length;
    },

    /** messages in flight beyond the drawn dots, counted on the badges */
    get aggregated(): number {
      let total = 0;
      for (const h of hidden.values()) total += h.total;
      return total;
    },

    destroy(): void {
      for (const { p, el } of live) {
        el?.remove();
        setCarrying(p.edgeId, p.kind, false);
      }
      for (const h of hidden.values()) h.badge?.remove();
      live = [];
      drawn.clear();
      hidden.clear();
      tables.clear();
    },
  };
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
