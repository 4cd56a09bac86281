import { expect } from "chai";
import { charterIdOfPath, HashRing } from "../helpers/hashingForwarder.js";

// The test forwarder must route as HAProxy's consistent hashing does, or the cluster suite would test another routing.
describe("the cluster tests' hashing forwarder", () => {
  const ids = Array.from({ length: 300 }, (_, i) => `charte-${i}-${(i * 7919).toString(16)}`);

  it("reads the charter id of collaboration and charter API paths only", () => {
    expect(charterIdOfPath("/collab/abc-123")).to.equal("abc-123");
    expect(charterIdOfPath("/api/charters/abc-123/collab-tickets")).to.equal("abc-123");
    expect(charterIdOfPath("/api/charters/abc-123")).to.equal("abc-123");
    expect(charterIdOfPath("/api/charters")).to.equal(null);
    expect(charterIdOfPath("/api/auth/login")).to.equal(null);
  });

  it("spreads charters over every backend and keeps each on one", () => {
    const ring = new HashRing([{ name: "a", port: 1 }, { name: "b", port: 2 }, { name: "c", port: 3 }]);
    const counts = [0, 0, 0];
    for (const id of ids) counts[ring.order(id)[0]]++;
    for (const n of counts) expect(n).to.be.within(50, 150);
    for (const id of ids) expect(ring.order(id)).to.deep.equal(new HashRing([{ name: "a", port: 1 }, { name: "b", port: 2 }, { name: "c", port: 3 }]).order(id));
    for (const id of ids) expect([...ring.order(id)].sort()).to.deep.equal([0, 1, 2]);
  });

  it("moves only a missing backend's charters, to the next on the ring", () => {
    const three = new HashRing([{ name: "a", port: 1 }, { name: "b", port: 2 }, { name: "c", port: 3 }]);
    const withoutB = new HashRing([{ name: "a", port: 1 }, { name: "c", port: 3 }]);
    for (const id of ids) {
      const [first, second] = three.order(id);
      const now = ["a", "c"][withoutB.order(id)[0]];
      expect(now).to.equal(["a", "b", "c"][first == 1 ? second : first]);
    }
  });
});
