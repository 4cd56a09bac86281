import { expect } from "chai";
import { databaseKinds } from "../helpers/databases.js";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { signedCharter } from "../helpers/followupFixtures.js";
import { IMPORT_AUDIT_COLUMNS } from "../../server/domain/followup/indicatorValues.js";

for (const kind of databaseKinds()) {
  describe(`a large CSV import of indicator values on ${kind.name}`, function () {
    this.timeout(120000);
    let server: TestServer;
    let charterId: string;

    before(async () => {
      server = await startTestServer({ database: kind });
      ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    });
    after(() => server.close());

    it("stores 10,000 values of one file, and records each in one audit entry the chain verifies", async () => {
      const { db } = server.services;
      const codes: string[] = (await db("indicators").where({ charter_id: charterId }).orderBy("position").pluck("code")).slice(0, 30);
      const lines = ["indicateur;période;valeur;définitive"];
      for (let n = 0; lines.length <= 10_000; n++)
        for (const code of codes) if (lines.length <= 10_000) lines.push(`${code};${1900 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")};${n},5;${n % 2 ? "oui" : "non"}`);
      const res = await server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: await server.login("comite@example.org"), rawBody: lines.join("\n"), headers: { "content-type": "text/csv" } });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(201);
      expect(res.body.imported).to.equal(10_000);
      expect(Number((await db("indicator_values").where({ charter_id: charterId, origin: "import" }).count({ n: "*" }).first())!.n)).to.equal(10_000);

      const entry = await db("audit_events").where({ charter_id: charterId, action: "indicator_values.imported" }).first();
      const details = JSON.parse(entry.details);
      expect(details.count).to.equal(10_000);
      expect(details.columns).to.deep.equal([...IMPORT_AUDIT_COLUMNS]);
      expect(details.values).to.have.length(10_000);
      expect(details.values[0]).to.deep.equal([codes[0], "1900-01", 0.5, false]);
      expect(details.values[31]).to.deep.equal([codes[1], "1900-02", 1.5, true]);
      // A later file touching a period entered as final is refused whole; one touching only provisional periods is taken.
      const comite = await server.login("comite@example.org");
      const again = (body: string) => server.api("POST", `/api/charters/${charterId}/indicators/import`, { token: comite, rawBody: body, headers: { "content-type": "text/csv" } });
      const refused = await again(`indicateur;période;valeur\n${codes[0]};1900-01;7\n${codes[1]};1900-02;8\n`);
      expect(refused.status).to.equal(409);
      expect(refused.body.error.id).to.equal("value_final");
      expect(refused.body.error.message).to.include(`« ${codes[1]} » pour 1900-02 est définitive`);
      expect(Number((await db("indicator_values").where({ charter_id: charterId, origin: "import" }).count({ n: "*" }).first())!.n)).to.equal(10_000);
      expect((await again(`indicateur;période;valeur\n${codes[0]};1900-01;7\n"${codes[2]}";"1900-01";"9,5"\n`)).status).to.equal(201);
      expect(Number((await db("indicator_values").where({ charter_id: charterId, origin: "import" }).count({ n: "*" }).first())!.n)).to.equal(10_002);
      const chain = await server.api("GET", `/api/charters/${charterId}/audit/verify`, { token: await server.login("pilote@example.org") });
      expect(chain.status).to.equal(200);
      expect(chain.body.intact, JSON.stringify(chain.body)).to.equal(true);
    });
  });
}
