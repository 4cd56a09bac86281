import { expect } from "chai";
import { frenchDateTime, frenchDay } from "../../server/export/model.js";
import { formatDay, formatTimestampDay } from "../../client/src/format.js";
import { preciseDateTime } from "../../server/export/pdf/renderEvidencePdf.js";
import { parisDateTime } from "../../server/domain/versions/versionNaming.js";

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
});
