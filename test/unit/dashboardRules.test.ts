import { expect } from "chai";
import { chooseCampaign, fallsDue, isOverdue, referenceDay } from "../../server/domain/followup/dashboardModel.js";
import type { CampaignRow } from "../../server/store/campaigns.js";

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
  it("makes a commitment « échu » when its due date is before today and within the period; never without a due date", () => {
    const c = campaign("a", "closed", "2026-12-31");
    expect(fallsDue("2026-12-31", c, "2027-03-01")).to.equal(true);
    expect(fallsDue("2027-01-15", c, "2027-03-01")).to.equal(false);
    expect(fallsDue("2027-03-01", null, "2027-03-01")).to.equal(false);
    expect(fallsDue("2027-02-28", null, "2027-03-01")).to.equal(true);
    expect(fallsDue(null, c, "2027-03-01")).to.equal(false);
  });
  it("makes an « échu » commitment « En retard » unless realised or without object", () => {
    for (const status of [null, "non_engage", "en_cours", "bloque", "abandonne"] as const) expect(isOverdue(true, status), String(status)).to.equal(true);
    expect(isOverdue(true, "realise")).to.equal(false);
    expect(isOverdue(true, "sans_objet")).to.equal(false);
    expect(isOverdue(false, "en_cours")).to.equal(false);
  });
});
