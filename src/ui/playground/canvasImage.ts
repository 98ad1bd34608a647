import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import type { Scenario } from '../../engine/scenario';

/** Room around the nodes, in picture pixels. */
const PADDING = 24;
/** The longest side of a picture: a huge scenario is scaled down rather than cut off. */
const MAX_SIDE = 4096;

export type PictureFormat = 'png' | 'svg';

/**
 * The canvas as a picture of the whole scenario (not just what is scrolled into view), as
 * React Flow's download-image example does: the nodes' bounds give a viewport transform, and
 * html-to-image draws `.react-flow__viewport` with it. Node sizes are read from the page, the
 * positions from the scenario (the canvas draws them where the scenario says). Returns a data
 * URL, or undefined when nothing is drawn.
 */
export async function canvasPicture(
  canvas: HTMLElement,
  scenario: Scenario,
  format: PictureFormat,
): Promise<string | undefined> {
  const viewport = canvas.querySelector<HTMLElement>('.react-flow__viewport');
  if (viewport === null) return undefined;
  const nodes: Node[] = scenario.nodes.flatMap((n) => {
    const el = canvas.querySelector<HTMLElement>(
      `.react-flow__node[data-id="${CSS.escape(n.id)}"]`,
    );
    if (el === null) return [];
    return [
      { id: n.id, position: n.position, data: {}, width: el.offsetWidth, height: el.offsetHeight },
    ];
  });
  if (nodes.length === 0) return undefined;
  const bounds = getNodesBounds(nodes);
  const scale = Math.min(1, MAX_SIDE / (Math.max(bounds.width, bounds.height) + 2 * PADDING));
  const width = Math.ceil((bounds.width + 2 * PADDING) * scale);
  const height = Math.ceil((bounds.height + 2 * PADDING) * scale);
  const { x, y, zoom } = getViewportForBounds(bounds, width, height, 0.05, 2, `${PADDING}px`);
  const options = {
    // the theme's canvas colour, so a dark picture stays readable
    backgroundColor: backgroundOf(canvas.querySelector<HTMLElement>('.react-flow') ?? canvas),
    width,
    height,
    // the app uses system fonts: nothing to embed, and no stylesheet scan
    skipFonts: true,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${x}px, ${y}px) scale(${zoom})`,
    },
  };
  return format === 'png' ? toPng(viewport, options) : toSvg(viewport, options);
}

/** The colour behind an element: its own, or the first ancestor's that is not transparent. */
function backgroundOf(el: HTMLElement): string {
  for (let at: HTMLElement | null = el; at !== null; at = at.parentElement) {
    const color = getComputedStyle(at).backgroundColor;
    if (color !== '' && color !== 'transparent' && color !== 'rgba(0, 0, 0, 0)') return color;
  }
  return '#ffffff';
}
