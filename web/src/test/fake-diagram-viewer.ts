import type { BadgePosition, DiagramViewer } from '../features/diagram/diagram-viewer.ts';

/** What a fake viewer was asked to draw, for assertions (jsdom cannot run the real one: it has no SVG layout). */
export interface FakeViewer extends DiagramViewer {
  xml: string | null;
  markers: { id: string; marker: string }[];
  badges: { id: string; text: string; title: string; position: BadgePosition }[];
  zooms: number[];
  fits: number;
  destroyed: boolean;
}

/** A viewer whose diagram holds these elements (id → name and whether it is an activity); a file without `<definitions` fails to import. */
export function fakeViewer(elements: Record<string, { name: string | null; activity: boolean }>): FakeViewer {
  const viewer: FakeViewer = {
    xml: null,
    markers: [],
    badges: [],
    zooms: [],
    fits: 0,
    destroyed: false,
    importXML: async (xml) => {
      if (!xml.includes('<definitions')) throw new Error('unparsable');
      viewer.xml = xml;
      return { warnings: [] };
    },
    fit: () => void (viewer.fits += 1),
    zoomBy: (factor) => void viewer.zooms.push(factor),
    has: (id) => id in elements,
    nameOf: (id) => elements[id]?.name ?? null,
    isActivity: (id) => elements[id]?.activity ?? false,
    addMarker: (id, marker) => void viewer.markers.push({ id, marker }),
    addBadge: (id, badge, position) => void viewer.badges.push({ id, text: badge.textContent ?? '', title: badge.title, position }),
    destroy: () => void (viewer.destroyed = true),
  };
  return viewer;
}
