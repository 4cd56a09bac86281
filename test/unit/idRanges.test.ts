import { expect } from "chai";
import { idRanges } from "../../server/collab/updateStore.js";

describe("idRanges (exact compaction deletes runs of ids)", () => {
  it("makes runs of consecutive ids, whatever their order, and nothing outside them", () => {
    expect(idRanges([])).to.deep.equal([]);
    expect(idRanges([7])).to.deep.equal([[7, 7]]);
    expect(idRanges([5, 3, 4, 10, 12, 11, 20])).to.deep.equal([[3, 5], [10, 12], [20, 20]]);
    expect(idRanges([2, 2, 3])).to.deep.equal([[2, 3]]);
    const ids = Array.from({ length: 10001 }, (_, i) => 1000 + i);
    expect(idRanges(ids)).to.deep.equal([[1000, 11000]]);
    // Every integer of every run is one of the ids: a row left out (committed later) is never inside a run.
    const holes = [1, 2, 4, 5, 9];
    const covered = idRanges(holes).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
    expect(covered).to.deep.equal(holes);
  });
});
