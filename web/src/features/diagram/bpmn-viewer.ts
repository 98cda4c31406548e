// Loaded with a dynamic import only where a diagram is shown: the viewer and its styles stay out of the rest of the app.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import type { BadgePosition, CreateViewer } from './diagram-viewer.ts';

/** The few services of the viewer used here, typed by hand (diagram-js is not a dependency of its own). */
interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto'): number;
  addMarker(id: string, marker: string): void;
}
interface Element {
  type: string;
  businessObject?: { name?: string };
}
interface ElementRegistry {
  get(id: string): Element | undefined;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: BadgePosition; html: HTMLElement }): string;
}

const ACTIVITY = /^bpmn:(\w*Task|SubProcess|CallActivity|Transaction)$/;

/** bpmn-js's navigated viewer (pan with the mouse or the arrow keys, zoom with the wheel); its bpmn.io logo stays as it draws it. */
export const createViewer: CreateViewer = (container) => {
  const viewer = new NavigatedViewer({ container });
  const canvas = () => viewer.get<Canvas>('canvas');
  const element = (id: string) => viewer.get<ElementRegistry>('elementRegistry').get(id);
  return {
    importXML: (xml) => viewer.importXML(xml),
    fit: () => void canvas().zoom('fit-viewport', 'auto'),
    zoomBy: (factor) => void canvas().zoom(canvas().zoom() * factor),
    has: (id) => element(id) !== undefined,
    nameOf: (id) => element(id)?.businessObject?.name?.trim() || null,
    isActivity: (id) => ACTIVITY.test(element(id)?.type ?? ''),
    addMarker: (id, marker) => canvas().addMarker(id, marker),
    addBadge: (id, badge, position) => void viewer.get<Overlays>('overlays').add(id, 'tramita-state', { position, html: badge }),
    destroy: () => viewer.destroy(),
  };
};
