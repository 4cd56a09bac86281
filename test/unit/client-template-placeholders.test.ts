import { expect } from "chai";
import { EditorState } from "prosemirror-state";
import { selectPlaceholder, templatePlaceholders, templatePlaceholdersKey, templatePlaceholdersPlugin } from "../../client/src/editor/templatePlaceholders.js";
import { charter, clause, p, section } from "../helpers/docs.js";

const doc = () => charter(section("Signataires", clause("cl-1", "Copilotage", p("Signé le [date] à [commune]."), p("Taux de [35] %"))));
const start = () => EditorState.create({ doc: doc(), plugins: [templatePlaceholdersPlugin()] });
const decorated = (state: EditorState) =>
  templatePlaceholdersKey.getState(state)!.decorations.find().map((d) => state.doc.textBetween(d.from, d.to));

describe("the template placeholders plugin", () => {
  it("lists and highlights every placeholder, with where it is", () => {
    const state = start();
    expect(templatePlaceholders(state).map((p) => [p.text, p.where])).to.deep.equal([
      ["[date]", "Article 1 — Copilotage"], ["[commune]", "Article 1 — Copilotage"], ["[35]", "Article 1 — Copilotage"],
    ]);
    expect(decorated(state)).to.deep.equal(["[date]", "[commune]", "[35]"]);
  });

  it("selects a placeholder, so that typing replaces it and it leaves the list", () => {
    let state = start();
    selectPlaceholder(1, "[commune]")(state, (tr) => (state = state.apply(tr)));
    expect(state.doc.textBetween(state.selection.from, state.selection.to)).to.equal("[commune]");
    state = state.apply(state.tr.insertText("Angers"));
    expect(templatePlaceholders(state).map((p) => p.text)).to.deep.equal(["[date]", "[35]"]);
    expect(decorated(state)).to.deep.equal(["[date]", "[35]"]);
  });

  it("keeps the highlights on their placeholders when typing elsewhere moves them", () => {
    let state = start();
    let signed = -1;
    state.doc.descendants((node, pos) => {
      if (node.isText && node.text!.startsWith("Signé")) signed = pos;
      return signed < 0;
    });
    state = state.apply(state.tr.insertText("Le document est ", signed));
    expect(state.doc.textContent).to.contain("Le document est Signé le [date]");
    expect(decorated(state)).to.deep.equal(["[date]", "[commune]", "[35]"]);
  });

  it("refuses to select a placeholder the list no longer has at that place", () => {
    const state = start();
    expect(selectPlaceholder(1, "[date]")(state)).to.equal(false);
    expect(selectPlaceholder(7, "[date]")(state)).to.equal(false);
    expect(selectPlaceholder(0, "[date]")(state)).to.equal(true);
  });
});
