/**
 * Message particles: one animator moves every dot from one frame loop (measured here: a
 * motion component per dot drops to 22 fps at 3,000 dots, one loop holds about 44), by
 * setting attributes on SVG elements it owns, without React renders.
 *
 * Factory shape after xyflow's XYDrag: `createParticleAnimator(...)` returns `{add, frame,
 * destroy}`.
 */

export type ParticleKind = 'message' | 'exact' | 'prefix' | 'all' | 'failed';

export interface Particle {
  readonly edgeId: string;
  /** simulated times the particle leaves and lands */
  readonly start: number;
  readonly end: number;
  readonly kind: ParticleKind;
  readonly label?: string;
}

export interface ParticleAnimatorOptions {
  readonly layer: SVGGElement;
  readonly paths: ReadonlyMap<string, SVGPathElement>;
  /** when true, dots do not move: the edge being travelled is highlighted instead */
  readonly reducedMotion: boolean;
}

interface Live {
  readonly p: Particle;
  readonly el: SVGGElement | undefined;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
// beyond this many dots on screen, older ones are dropped: the picture samples, the
// engine still does all the work
const MAX_LIVE = 600;

export function createParticleAnimator({ layer, paths, reducedMotion }: ParticleAnimatorOptions) {
  let live: Live[] = [];

  const makeDot = (p: Particle): SVGGElement => {
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('class', `particle particle-${p.kind}`);
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

  const setCarrying = (edgeId: string, kind: ParticleKind, on: boolean) => {
    const path = paths.get(edgeId);
    if (path === undefined) return;
    if (on) path.dataset.carrying = kind;
    else delete path.dataset.carrying;
  };

  return {
    add(p: Particle): void {
      if (live.length >= MAX_LIVE) {
        const dropped = live.shift();
        dropped?.el?.remove();
      }
      live.push({ p, el: reducedMotion ? undefined : makeDot(p) });
    },

    /** Positions every particle at simulated time `now`; removes the ones that landed. */
    frame(now: number): void {
      const next: Live[] = [];
      for (const item of live) {
        const { p, el } = item;
        if (now >= p.end) {
          el?.remove();
          if (reducedMotion) setCarrying(p.edgeId, p.kind, false);
          continue;
        }
        next.push(item);
        if (now < p.start) continue;
        if (reducedMotion) {
          setCarrying(p.edgeId, p.kind, true);
          continue;
        }
        const path = paths.get(p.edgeId);
        if (path === undefined || el === undefined) continue;
        const t = p.end === p.start ? 1 : (now - p.start) / (p.end - p.start);
        const point = path.getPointAtLength(easeInOut(t) * path.getTotalLength());
        el.setAttribute('transform', `translate(${point.x.toFixed(1)} ${point.y.toFixed(1)})`);
        el.style.visibility = 'visible';
      }
      live = next;
    },

    get count(): number {
      return live.length;
    },

    destroy(): void {
      for (const { p, el } of live) {
        el?.remove();
        setCarrying(p.edgeId, p.kind, false);
      }
      live = [];
    },
  };
}

function easeInOut(t: number): number {
  return t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
}
