/** Where a badge sits on its element (diagram-js overlay positions, in pixels from an edge). */
export interface BadgePosition {
  top?: number;
  bottom?: number;
  left?: number;
  right?: number;
}

/**
 * What the diagram component needs of a BPMN viewer: drawing a file, fitting and zooming it, and
 * marking elements. The browser's viewer (bpmn-viewer.ts) is loaded only when a diagram is shown;
 * tests hand in their own.
 */
export interface DiagramViewer {
  importXML(xml: string): Promise<unknown>;
  fit(): void;
  zoomBy(factor: number): void;
  /** Whether the drawn diagram holds an element with this id (an engine state may name one it does not draw). */
  has(id: string): boolean;
  /** The element's name as modelled, if it has one. */
  nameOf(id: string): string | null;
  /** Tasks, sub-processes and call activities: big enough to carry a run count. */
  isActivity(id: string): boolean;
  addMarker(id: string, marker: string): void;
  addBadge(id: string, badge: HTMLElement, position: BadgePosition): void;
  destroy(): void;
}

export type CreateViewer = (container: HTMLElement) => DiagramViewer;
