import { useEffect, useRef } from "preact/hooks";
import SignaturePad from "signature_pad";

/** A drawn signature as the API takes it: the pen's strokes in the drawing area's coordinates. */
export interface DrawnSignature {
  width: number;
  height: number;
  strokes: [number, number][][];
}

/**
 * The area where a signature is drawn with a mouse, a finger or a pen
 * (signature_pad). Pointer only: the signing dialog offers typing one's name
 * instead, for keyboard users. The canvas is sized to its box once; a resize
 * that keeps the width (a mobile address bar) does not clear it.
 */
export function SignaturePadField(props: { labelledBy: string; describedBy?: string; onChange(signature: DrawnSignature | null): void; clearRef?: { current: (() => void) | null } }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current!;
    let width = 0;
    let pad: SignaturePad;
    const size = () => {
      const box = element.getBoundingClientRect();
      if (Math.round(box.width) == width) return;
      width = Math.round(box.width);
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      element.width = box.width * ratio;
      element.height = box.height * ratio;
      element.getContext("2d")!.scale(ratio, ratio);
      pad?.clear();
      props.onChange(null);
    };
    size();
    pad = new SignaturePad(element, { penColor: "#161616", minWidth: 0.8, maxWidth: 2.4 });
    const report = () => {
      const box = element.getBoundingClientRect();
      const clamp = (n: number, max: number) => Math.min(Math.max(0, Math.round(n * 10) / 10), max);
      const w = Math.round(box.width);
      const h = Math.round(box.height);
      const strokes = pad.toData().map((group) => group.points.map((p): [number, number] => [clamp(p.x, w), clamp(p.y, h)])).filter((s) => s.length);
      props.onChange(strokes.length ? { width: w, height: h, strokes } : null);
    };
    pad.addEventListener("endStroke", report);
    if (props.clearRef) props.clearRef.current = () => {
      pad.clear();
      props.onChange(null);
    };
    window.addEventListener("resize", size);
    return () => {
      window.removeEventListener("resize", size);
      pad.off();
    };
  }, []);
  return <canvas ref={canvas} class="signature-pad" role="img" aria-labelledby={props.labelledBy} aria-describedby={props.describedBy} />;
}
