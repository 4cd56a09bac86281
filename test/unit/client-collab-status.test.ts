import { expect } from "chai";
import { StoredTracker } from "../../client/src/collab/storedTracker.js";
import { presenceList, type PresenceEntry } from "../../client/src/collab/presence.js";
import { userColor } from "../../client/src/collab/colors.js";

describe("client: stored tracker", () => {
  it("is stored with no edit", () => {
    expect(new StoredTracker().stored).to.equal(true);
  });

  it("is stored once the request sent after the latest edit is answered", () => {
    const tracker = new StoredTracker();
    tracker.edited();
    expect(tracker.stored).to.equal(false);
    const seq = tracker.request();
    expect(tracker.stored).to.equal(false);
    expect(tracker.answered(seq)).to.equal(true);
    expect(tracker.stored).to.equal(true);
  });

  it("is not stored when an edit follows the request being answered", () => {
    const tracker = new StoredTracker();
    tracker.edited();
    const first = tracker.request();
    tracker.edited();
    tracker.answered(first);
    expect(tracker.stored).to.equal(false);
    const second = tracker.request();
    tracker.answered(second);
    expect(tracker.stored).to.equal(true);
  });

  it("needs the first request after an edit, not a later one that is still unanswered", () => {
    const tracker = new StoredTracker();
    tracker.edited();
    const first = tracker.request();
    const resync = tracker.request();
    tracker.answered(first);
    expect(tracker.stored).to.equal(true);
    tracker.answered(resync);
    expect(tracker.stored).to.equal(true);
  });

  it("recovers from a request lost with its connection: a later answer covers it", () => {
    const tracker = new StoredTracker();
    tracker.edited();
    tracker.request(); // lost
    const afterSync = tracker.request();
    tracker.answered(afterSync);
    expect(tracker.stored).to.equal(true);
  });

  it("ignores answers to requests it never sent", () => {
    const tracker = new StoredTracker();
    tracker.edited();
    tracker.request();
    tracker.answered(99);
    expect(tracker.stored).to.equal(false);
  });
});

describe("client: presence list", () => {
  const self: PresenceEntry = { userId: "u-me", name: "Claire Martin", organisation: "Préfecture", color: "#000000", mode: "editing", self: true };
  const state = (id: string, name: string, mode: string, extra: Record<string, unknown> = {}) => ({ user: { id, name, organisation: "Org " + name, role: "editor", mode, ...extra } });

  it("puts this user first, then the others by name, once each", () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, state("u-z", "Zoé Durand", "reading")],
      [2, state("u-a", "Aline Partenaire", "reading")],
      [3, state("u-z", "Zoé Durand", "editing")],
      [4, state("u-me", "Claire Martin", "editing")],
    ]);
    const list = presenceList(states, self);
    expect(list.map((e) => e.name)).to.deep.equal(["Claire Martin", "Aline Partenaire", "Zoé Durand"]);
    expect(list[2].mode).to.equal("editing");
    expect(list[1]).to.include({ organisation: "Org Aline Partenaire", mode: "reading", self: false });
  });

  it("leaves out presence the server has not filled in, and unsafe colours", () => {
    const states = new Map<number, Record<string, unknown>>([
      [1, { user: { color: "#ff0000" } }],
      [2, { cursor: null }],
      [3, state("u-b", "Bruno", "editing", { color: "red; background: url(x)" })],
    ]);
    const list = presenceList(states, self);
    expect(list).to.have.length(2);
    expect(list[1].color).to.equal(userColor("u-b").color);
  });

  it("gives a user the same colour every time", () => {
    expect(userColor("4d1c-9a").color).to.equal(userColor("4d1c-9a").color);
    expect(userColor("4d1c-9a").colorLight).to.equal(userColor("4d1c-9a").color + "33");
  });
});
