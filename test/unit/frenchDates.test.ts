import { expect } from "chai";
import { frenchDateTime, frenchDay } from "../../server/export/model.js";
import { formatDay, formatTimestampDay } from "../../client/src/format.js";
import { preciseDateTime } from "../../server/export/pdf/renderEvidencePdf.js";
import { parisDateTime } from "../../server/domain/versions/versionNaming.js";
import { parisDay } from "../../server/shared/frenchDates.js";

describe("French dates", () => {
  it("write the first of a month « 1er », and no other day", () => {
    expect(frenchDay("2026-12-01")).to.equal("1er décembre 2026");
    expect(frenchDay("2026-12-11")).to.equal("11 décembre 2026");
    expect(frenchDay("2026-12-21")).to.equal("21 décembre 2026");
    expect(formatDay("2027-01-01")).to.equal("1er janvier 2027");
    expect(formatDay("2027-01-10")).to.equal("10 janvier 2027");
    expect(frenchDateTime("2026-12-01T12:05:00Z")).to.equal("1er décembre 2026 à 13:05");
    expect(preciseDateTime("2026-12-01T12:05:09Z")).to.match(/^1er décembre 2026 à 13:05:09 \(heure de Paris\)/);
    expect(formatTimestampDay("2026-12-15T12:00:00Z")).to.equal("15 décembre 2026");
    expect(parisDateTime("2026-12-01T09:05:00Z"), "journal sentences and restore labels").to.equal("1er déc. 2026, 10:05");
    expect(parisDateTime("2026-12-10T09:05:00Z")).to.equal("10 déc. 2026, 10:05");
  });

  it("take the day a moment falls on in Paris, winter and summer: not the UTC day", () => {
    expect(parisDay("2026-12-01T23:08:00Z"), "00:08 on the 2nd in Paris (UTC+1)").to.equal("2026-12-02");
    expect(parisDay("2026-12-01T22:59:59Z")).to.equal("2026-12-01");
    expect(parisDay("2026-07-01T22:30:00Z"), "00:30 on the 2nd in Paris (UTC+2)").to.equal("2026-07-02");
    expect(parisDay("2026-07-01T21:59:00Z")).to.equal("2026-07-01");
    expect(parisDay(new Date("2026-12-31T23:30:00Z")), "a new year in Paris first").to.equal("2027-01-01");
  });
});
