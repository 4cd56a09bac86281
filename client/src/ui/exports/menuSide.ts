/** Which edge of its button a menu is lined up with: `end` (right edges together, the menu reaching left) or `start`. */
export type MenuSide = "start" | "end";

/**
 * The side a menu `width` pixels wide opens on below a button at `anchor`
 * (its left and right in viewport pixels), so that it stays on screen:
 * lined up with the button's right edge where it fits (the button usually
 * sits on the right of the page), else with its left edge, else on the side
 * with more room (the menu's width is capped to the viewport's by CSS).
 */
export function menuSide(anchor: { left: number; right: number }, width: number, viewportWidth: number, margin = 8): MenuSide {
  if (anchor.right - width >= margin) return "end";
  if (anchor.left + width <= viewportWidth - margin) return "start";
  return anchor.right > viewportWidth - anchor.left ? "end" : "start";
}
