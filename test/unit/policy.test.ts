import { expect } from "chai";
import { can, canOnPlatform, canResolveThread, charterAbilities, CHARTER_ACTIONS } from "../../server/domain/policy.js";
import { ROLES } from "../../server/shared/roles.js";

describe("policy", () => {
  it("lets every role read, and nobody without a membership", () => {
    for (const role of ROLES) expect(can({ state: "drafting", role }, "charter:read"), role).to.equal(true);
    for (const action of CHARTER_ACTIONS) expect(can({ state: "drafting", role: null }, action), action).to.equal(false);
  });

  it("lets only pilots and editors edit the draft, and only while drafting", () => {
    const editors = ROLES.filter((role) => can({ state: "drafting", role }, "document:edit"));
    expect(editors).to.deep.equal(["pilot", "editor"]);
    for (const state of ["frozen", "signing", "signed"] as const) expect(can({ state, role: "pilot" }, "document:edit")).to.equal(false);
  });

  it("keeps members and invitations to pilots", () => {
    for (const action of ["members:manage", "invitations:manage", "audit:read"] as const)
      expect(ROLES.filter((role) => can({ state: "drafting", role }, action)), action).to.deep.equal(["pilot"]);
  });

  it("lets only pilots rename, archive and delete a charter, delete it only while never signed, and keeps an archived one read-only", () => {
    for (const action of ["charter:update", "charter:archive", "charter:delete"] as const)
      expect(ROLES.filter((role) => can({ state: "drafting", role }, action)), action).to.deep.equal(["pilot"]);
    expect(ROLES.filter((role) => can({ state: "archived", role }, "charter:unarchive"))).to.deep.equal(["pilot"]);
    expect(["drafting", "frozen", "signing", "signed", "archived"].filter((state) => can({ state: state as never, role: "pilot" }, "charter:delete"))).to.deep.equal(["drafting", "frozen", "archived"]);
    const archived = CHARTER_ACTIONS.filter((action) => ROLES.some((role) => can({ state: "archived", role }, action)));
    expect(archived).to.deep.equal(["charter:read", "charter:unarchive", "charter:delete", "document:read", "draft:open", "members:read", "members:manage", "signatures:read", "compliance:read", "audit:read"]);
  });

  it("lets readers comment (the users' voice counts)", () => {
    expect(can({ state: "drafting", role: "reader" }, "comment:write")).to.equal(true);
  });

  it("lets pilots and editors resolve any discussion, other members only the ones they started", () => {
    for (const role of ROLES) {
      const charter = { state: "drafting" as const, role };
      expect(canResolveThread(charter, "u1", "u1"), role).to.equal(true);
      expect(canResolveThread(charter, "u1", "u2"), role).to.equal(role == "pilot" || role == "editor");
    }
    expect(canResolveThread({ state: "drafting", role: null }, "u1", "u1")).to.equal(false);
  });

  it("lets signatories approve a frozen version and sign during signing only", () => {
    expect(can({ state: "frozen", role: "signatory" }, "charter:approve")).to.equal(true);
    expect(can({ state: "drafting", role: "signatory" }, "charter:approve")).to.equal(false);
    expect(can({ state: "signing", role: "signatory" }, "charter:sign")).to.equal(true);
    expect(can({ state: "signing", role: "pilot" }, "charter:sign")).to.equal(false);
  });

  it("lets partners declare, the committee and pilots review, and pilots manage the follow-up, once signed", () => {
    expect(can({ state: "signed", role: "committee" }, "compliance:review")).to.equal(true);
    expect(can({ state: "signed", role: "pilot" }, "compliance:review")).to.equal(true);
    expect(can({ state: "signed", role: "editor" }, "compliance:review")).to.equal(false);
    expect(can({ state: "signed", role: "editor" }, "compliance:declare")).to.equal(true);
    expect(can({ state: "signed", role: "signatory" }, "compliance:declare")).to.equal(true);
    expect(can({ state: "signed", role: "committee" }, "compliance:declare")).to.equal(false);
    expect(can({ state: "signing", role: "signatory" }, "compliance:declare")).to.equal(false);
    expect(can({ state: "signed", role: "pilot" }, "compliance:manage")).to.equal(true);
    expect(can({ state: "signed", role: "committee" }, "compliance:manage")).to.equal(false);
    expect(can({ state: "signed", role: "committee" }, "indicators:record")).to.equal(true);
    expect(can({ state: "signed", role: "reader" }, "indicators:record")).to.equal(false);
  });

  it("lets only pilots publish a charter's public page, and only once it is signed", () => {
    expect(ROLES.filter((role) => can({ state: "signed", role }, "charter:publish"))).to.deep.equal(["pilot"]);
    for (const state of ["drafting", "frozen", "signing", "archived"] as const) expect(can({ state, role: "pilot" }, "charter:publish"), state).to.equal(false);
  });

  it("lets administrators and creators create charters and organisations, and no mere member (a pilot of a charter included)", () => {
    for (const action of ["charter:create", "organisations:create"] as const) {
      expect(canOnPlatform({ id: "a", platformRole: "admin" }, action), action).to.equal(true);
      expect(canOnPlatform({ id: "b", platformRole: "creator" }, action), action).to.equal(true);
      expect(canOnPlatform({ id: "c", platformRole: "member" }, action), action).to.equal(false);
    }
  });

  it("keeps platform roles to administrators", () => {
    expect(canOnPlatform({ id: "a", platformRole: "admin" }, "platform-roles:manage")).to.equal(true);
    expect(canOnPlatform({ id: "b", platformRole: "creator" }, "platform-roles:manage")).to.equal(false);
    expect(canOnPlatform({ id: "c", platformRole: "member" }, "platform-roles:manage")).to.equal(false);
  });

  it("answers every action in the abilities sent to the client", () => {
    expect(Object.keys(charterAbilities({ state: "drafting", role: "reader" })).sort()).to.deep.equal([...CHARTER_ACTIONS].sort());
  });
});
