import { createContext, useContext } from 'react';

/**
 * Edge id -> the SVG path React Flow drew for it. Particles travel these paths, so they
 * follow an edge exactly wherever the person drags its nodes.
 */
export type EdgePaths = Map<string, SVGPathElement>;

export const EdgePathsContext = createContext<EdgePaths>(new Map());

/** A ref callback that keeps the registry up to date for one edge. */
export function useEdgePathRef(edgeId: string) {
  const paths = useContext(EdgePathsContext);
  return (el: SVGPathElement | null) => {
    if (el === null) paths.delete(edgeId);
    else paths.set(edgeId, el);
  };
}
