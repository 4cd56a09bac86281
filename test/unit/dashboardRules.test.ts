import { expect } from "chai";
import { chooseCampaign, referenceDay } from "../../server/domain/followup/dashboardModel.js";
import { commitmentStandings, fallsDue } from "../../server/domain/followup/commitmentStanding.js";
import type { CampaignRow } from "../../server/store/campaigns.js";
import type { DeclarationStatus } from "../../server/shared/followup.js";

const campaign = (id: string, state: CampaignRow["state"], end = "2027-12-31") => ({ id, state, end_date: end }) as CampaignRow;

describe("dashboard rules", () => {
  it("shows the campaign asked for, else the one open or in review, else the latest closed, else none", () => {
    const closed = [campaign("a", "closed"), campaign("b", "closed")];
    expect(chooseCampaign([...closed, campaign("c", "in_review")])!.id).to.equal("c");
    expect(chooseCampaign([...closed, campaign("c", "open")], "a")!.id).to.equal("a");
    expect(chooseCampaign(closed)!.id).to.equal("b");
    expect(chooseCampaign([])).to.equal(null);
    expect(() => chooseCampaign(closed, "z")).to.throw("Campagne introuvable pour cette charte.");
  });
  it("counts due dates up to the end of the campaign's period, or today while it runs", () => {
    expect(referenceDay(campaign("a", "closed", "2026-12-31"), "2027-03-01")).to.equal("2026-12-31");
    expect(referenceDay(campaign("a", "open", "2027-12-31"), "2027-03-01")).to.equal("2027-03-01");
    expect(referenceDay(null, "2027-03-01")).to.equal("2027-03-01");
  });
  it("makes a commitment « échu » when its due date is before today and on or before the end of the period; never without a due date", () => {
    expect(fallsDue("2026-12-31", "2026-12-31", "2027-03-01")).to.equal(true);
    expect(fallsDue("2020-01-01", "2026-12-31", "2027-03-01")).to.equal(true);
    expect(fallsDue("2027-01-15", "2026-12-31", "2027-03-01")).to.equal(false);
    expect(fallsDue("2027-03-01", null, "2027-03-01")).to.equal(false);
    expect(fallsDue("2027-02-28", null, "2027-03-01")).to.equal(true);
    expect(fallsDue(null, "2026-12-31", "2027-03-01")).to.equal(false);
  });
  it("makes an « échu » commitment « En retard » unless realised or without object", () => {
    const campaigns = [campaign("a", "open")];
    for (const status of [null, "non_engage", "en_cours", "bloque", "abandonne", "realise", "sans_objet"] as const) {
      const standing = commitmentStandings(campaigns, status ? [{ campaign_id: "a", commitment_id: "x", status }] : [], "2028-03-01");
      expect(standing(campaigns[0], { commitment_id: "x", due: "2027-06-30" }), String(status)).to.deep.equal({
        status, declaredIn: status && "a", fromEarlierCampaign: false, fallenDue: true, overdue: !(status == "realise" || status == "sans_objet"),
      });
      expect(standing(campaigns[0], { commitment_id: "x", due: "2028-06-30" }).overdue).to.equal(false);
    }
  });
  it("carries forward « Réalisé » and « Sans objet » from the latest earlier campaign that said anything, and nothing else", () => {
    const campaigns = [campaign("y1", "closed", "2026-12-31"), campaign("y2", "closed", "2027-12-31"), campaign("y3", "open", "2028-12-31")];
    const declared = (list: [string, string, DeclarationStatus][]) => list.map(([campaign_id, commitment_id, status]) => ({ campaign_id, commitment_id, status }));
    const standing = commitmentStandings(campaigns, declared([
      ["y1", "done", "en_cours"], ["y1", "done", "realise"], ["y1", "moot", "sans_objet"], ["y1", "reopened", "realise"], ["y2", "reopened", "en_cours"], ["y2", "blocked", "bloque"],
    ]), "2029-03-01");
    const at = (c: number, id: string) => standing(campaigns[c], { commitment_id: id, due: "2026-06-30" });
    expect(at(2, "done")).to.deep.equal({ status: "realise", declaredIn: "y1", fromEarlierCampaign: true, fallenDue: true, overdue: false });
    expect(at(1, "moot")).to.include({ status: "sans_objet", fromEarlierCampaign: true, overdue: false });
    expect(at(2, "reopened")).to.include({ status: null, fromEarlierCampaign: false, overdue: true });
    expect(at(2, "blocked")).to.include({ status: null, declaredIn: null, overdue: true });
    expect(at(0, "done")).to.include({ status: "realise", fromEarlierCampaign: false });
    expect(standing(null, { commitment_id: "done", due: "2026-06-30" })).to.include({ status: null, fallenDue: true, overdue: true });
  });
});
