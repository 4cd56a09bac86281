import { expect } from "chai";
import * as Y from "yjs";
import { loadTemplates } from "../../server/templates/load.js";
import { encodeInitialState, ydocToCharter } from "../../server/domain/documents.js";
import { contentHash } from "../../server/domain/versions/canonical.js";
import { diffDocuments } from "../../server/domain/versions/diff.js";
import { readDocument, type DocumentRead } from "../../server/domain/versions/documentReader.js";
import { Authorship } from "../../server/domain/versions/authorship.js";
import { Random, randomEdit, seedFrom } from "../helpers/randomEdits.js";
import { hasNoEntry, silentEntries } from "../helpers/diffChecks.js";

/*
 * The property behind « Aucune différence », in memory and over many edits:
 * the difference between two states of a charter is empty exactly when their
 * content hashes are equal, and every entry it has says what changed. The
 * same property runs through the real server in test/integration/diffProperty.
 */

const SEED = seedFrom("DIFF_PROPERTY_SEED");
const STEPS = Number(process.env.DIFF_PROPERTY_STEPS ?? 80);

describe(`differences miss nothing, in memory (seed ${SEED}; DIFF_PROPERTY_SEED=${SEED} replays it)`, function () {
  this.timeout(180000);

  it("say nothing exactly when the content hashes are equal, after random edits anywhere in the document", () => {
    const template = [...loadTemplates("charter-templates").templates.values()][0];
    const doc = new Y.Doc();
    Y.applyUpdate(doc, encodeInitialState(template.doc));
    const rnd = new Random(SEED);
    let id = 0;
    const ctx = { parties: ["org-a", "org-b", "org-c"], nextId: () => `cl-prop-${++id}` };
    // Each state is read from a copy of the doc made from its encoded update, as the server reads a version.
    const stateOf = () => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const state = { read: readDocument(copy), hash: contentHash(ydocToCharter(doc)) };
      copy.destroy();
      return state;
    };
    const states: { read: DocumentRead; hash: string }[] = [stateOf()];
    const authorship = new Authorship();
    const seen = { same: 0, different: 0 };
    const log: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      const neutral = rnd.chance(0.2);
      for (let k = 1 + rnd.int(2); k > 0; k--) log.push(`${step}: ${randomEdit(doc, rnd, ctx, { neutral })}`);
      const state = stateOf();
      for (const earlier of [states.at(-1)!, rnd.pick(states)]) {
        const diff = diffDocuments(earlier.read, state.read, authorship, { from: earlier.hash, to: state.hash });
        const same = earlier.hash == state.hash;
        const why = `seed ${SEED}, step ${step}; edits:\n${log.slice(-6).join("\n")}\n${JSON.stringify(diff).slice(0, 2000)}`;
        expect(diff.identical, why).to.equal(same);
        expect(hasNoEntry(diff), why).to.equal(same);
        expect(silentEntries(diff), why).to.deep.equal([]);
        seen[same ? "same" : "different"]++;
      }
      states.push(state);
    }
    // Both sides of the property were exercised.
    expect(seen.same).to.be.greaterThan(STEPS / 10);
    expect(seen.different).to.be.greaterThan(STEPS);
  });
});
