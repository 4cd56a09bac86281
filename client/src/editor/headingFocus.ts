import { Plugin, TextSelection } from "prosemirror-state";

/**
 * Lets the outline move the keyboard focus to a numbered heading of an
 * editable document (the numbering gives headings `tabindex="-1"`): the
 * heading itself takes the focus, so that it is announced, and the editor's
 * selection moves to it. ProseMirror only handles input when its own element
 * has the focus, so the first key pressed gives the focus back to the
 * editor, with the cursor at that heading, before the key does anything.
 */
export function headingFocusPlugin(): Plugin {
  return new Plugin({
    view(view) {
      const onFocusIn = (event: FocusEvent) => {
        const target = event.target as HTMLElement;
        if (target == view.dom || !view.editable || !target.id || !/^H[23]$/.test(target.tagName)) return;
        const pos = view.posAtDOM(target, target.childNodes.length);
        view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))));
      };
      const onKeyDown = () => {
        const active = view.root.activeElement;
        // Only a focused heading: the commitments' « Modifier » buttons handle their own keys.
        if (active && active != view.dom && view.dom.contains(active) && /^H[23]$/.test(active.tagName) && view.editable) view.focus();
      };
      view.dom.addEventListener("focusin", onFocusIn);
      // Capture: before ProseMirror's own handler and the browser's default action.
      view.dom.addEventListener("keydown", onKeyDown, true);
      return {
        destroy() {
          view.dom.removeEventListener("focusin", onFocusIn);
          view.dom.removeEventListener("keydown", onKeyDown, true);
        },
      };
    },
  });
}
