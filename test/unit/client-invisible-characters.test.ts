import { expect } from "chai";
import { EditorState } from "prosemirror-state";
import { Slice, Fragment } from "prosemirror-model";
import { ySyncPluginKey } from "y-prosemirror";
import { charterSchema as schema } from "../../server/shared/schema.js";
import { CHARACTERS_REMOVED_MESSAGE, invisibleCharactersPlugin } from "../../client/src/editor/invisibleCharacters.js";
import { charter, clause, p, section } from "../helpers/docs.js";

function setup() {
  const messages: string[] = [];
  const state = EditorState.create({ doc: charter(section("Titre", clause("cl-1", "Objet", p("Le texte.")))), plugins: [invisibleCharactersPlugin((m) => messages.push(m))] });
  return { state, messages };
}
const posOf = (state: EditorState, text: string) => {
  let found = -1;
  state.doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text);
    return found < 0;
  });
  return found;
};

describe("editor: invisible and control characters", () => {
  it("takes them out of typed text and says so in French", () => {
    const { state, messages } = setup();
    const at = posOf(state, "texte");
    const next = state.apply(state.tr.insertText("a\u0000b\u202Ec\u2066d\u001Be", at));
    expect(next.doc.textContent).to.contain("abcdetexte");
    expect(messages).to.deep.equal([CHARACTERS_REMOVED_MESSAGE]);
    next.doc.check();
  });

  it("takes them out of pasted or dropped content, in the title too, keeping marks and turning line breaks into spaces", () => {
    const { state, messages } = setup();
    const bold = schema.text("gras\u0000\tici\u202D", [schema.marks.strong.create()]);
    const slice = new Slice(Fragment.from(bold), 0, 0);
    const next = state.apply(state.tr.replace(posOf(state, "Charte"), posOf(state, "Charte"), slice));
    expect(next.doc.firstChild!.textContent).to.equal("gras iciCharte");
    let marked = false;
    next.doc.firstChild!.forEach((n) => { if (n.text == "gras ici") marked = n.marks.length == 1; });
    // The title allows no marks: ProseMirror drops them on the way in; elsewhere they stay.
    const inParagraph = state.apply(state.tr.replace(posOf(state, "texte"), posOf(state, "texte"), slice));
    inParagraph.doc.descendants((n) => { if (n.text == "gras ici") marked = n.marks[0]?.type.name == "strong"; });
    expect(marked).to.equal(true);
    expect(messages.length).to.equal(2);
  });

  it("leaves plain text and changes from Yjs alone", () => {
    const { state, messages } = setup();
    const at = posOf(state, "texte");
    expect(state.apply(state.tr.insertText("élan 🙂 « ok »", at)).doc.textContent).to.contain("élan 🙂 « ok »texte");
    const remote = state.tr.insertText("x\u0000", at).setMeta(ySyncPluginKey, { isChangeOrigin: true });
    expect(state.apply(remote).doc.textContent).to.contain("x\u0000");
    expect(messages).to.deep.equal([]);
  });
});
