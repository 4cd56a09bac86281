/**
 * A drawn signature as the server keeps it: the strokes of the pen (points in
 * the drawing area's coordinates), never a picture made by the browser, so
 * that it can be drawn again exactly, as SVG on screen and as vector paths in
 * the PDF, and cannot smuggle anything but lines.
 */
export interface DrawnSignature {
  width: number;
  height: number;
  /** Each stroke is a list of [x, y] points. */
  strokes: [number, number][][];
}

/** Bounds of a drawn signature: enough for any real one, small enough for any request. */
export const SIGNATURE_IMAGE_LIMITS = { maxStrokes: 200, maxPoints: 10_000, maxSide: 2000 };

/** The SVG of a drawn signature, black on transparent, scaled to its drawing area. */
export function signatureSvg(image: DrawnSignature): string {
  const paths = image.strokes
    .map((stroke) => (stroke.length == 1 ? [stroke[0], [stroke[0][0] + 0.5, stroke[0][1]]] : stroke))
    .map((stroke) => `<path d="M${stroke.map(([x, y]) => `${round(x)} ${round(y)}`).join(" L")}"/>`)
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${image.width} ${image.height}" fill="none" stroke="#000" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;
}

const round = (n: number) => Math.round(n * 10) / 10;
