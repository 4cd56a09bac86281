import { expect } from "chai";
import { request } from "node:http";
import { startTestServer, type TestServer } from "../helpers/testServer.js";
import { demoCharterId } from "../helpers/fixtures.js";
import { openCampaign, signedCharter } from "../helpers/followupFixtures.js";
import { eventually } from "../helpers/collab.js";
import { DEFAULT_USER_BUDGETS } from "../../server/config.js";

/** A minimal but real PDF file. */
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

/**
 * What one member may cost the server through evidence uploads, each held in
 * memory while it arrives: files under way at once (`EVIDENCE_UPLOADS_PER_USER`)
 * and uploads per minute (the `evidenceUploads` budget).
 */
describe("evidence uploads a member may have under way", function () {
  this.timeout(60000);
  let server: TestServer;
  let charterId: string;
  let campaignId: string;
  let editor: string;
  let editorId: string;
  const path = () => `/api/charters/${charterId}/campaigns/${campaignId}/evidence`;

  before(async () => {
    server = await startTestServer({ config: { evidenceMaxBytes: 64 * 1024, evidenceUploadsPerUser: 1, userBudgets: { ...DEFAULT_USER_BUDGETS, evidenceUploads: { points: 6, perSeconds: 60 } } } });
    ({ charterId } = await signedCharter(server, await demoCharterId(server)));
    campaignId = await openCampaign(server, charterId);
    editor = await server.login("redacteur@example.org");
    editorId = (await server.services.db("users").where({ email: "redacteur@example.org" }).first()).id;
  });
  after(() => server.close());

  const upload = async (token: string, name: string, data = PDF, to = path()) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(data)]), name);
    const res = await fetch(`${server.url}${to}`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
  };

  /** An upload whose file arrives slowly: its first part now, the rest when `finish` is called. */
  const slowUpload = (token: string) => {
    const boundary = `charte-${Math.random().toString(36).slice(2)}`;
    const req = request(`${server.url}${path()}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": `multipart/form-data; boundary=${boundary}` } });
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      req.on("response", (res) => {
        let text = "";
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on("error", reject);
    });
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lent.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    req.write(PDF.subarray(0, 20));
    return { answer, finish: () => req.end(Buffer.concat([PDF.subarray(20), Buffer.from(`\r\n--${boundary}--\r\n`)])), abandon: () => req.destroy() };
  };

  it("takes one file at a time per member, lets others upload meanwhile, frees the place when a file is done or abandoned, and caps uploads per minute", async () => {
    const slow = slowUpload(editor);
    await eventually(() => server.services.uploadSlots.inUseBy(editorId) == 1, 10000, "the slow upload under way");
    const second = await upload(editor, "second.pdf");
    expect(second.status).to.equal(429);
    expect(second.body.error.id).to.equal("upload_in_progress");
    expect(second.body.error.message).to.equal("Vous avez déjà 1 dépôt de pièce en cours : attendez qu'il se termine avant d'en commencer un autre.");
    expect(Number(second.retryAfter)).to.be.greaterThan(0);
    // Another member is not held up by this one.
    expect((await upload(await server.login("signataire@example.org"), "prefecture.pdf")).status).to.equal(201);
    slow.finish();
    expect((await slow.answer).status).to.equal(201);
    expect(server.services.uploadSlots.inUseBy(editorId)).to.equal(0);
    expect((await upload(editor, "third.pdf")).status).to.equal(201);

    // A client gone half-way gives its place back at once.
    const gone = slowUpload(editor);
    gone.answer.catch(() => {});
    await eventually(() => server.services.uploadSlots.inUseBy(editorId) == 1, 10000, "the abandoned upload under way");
    gone.abandon();
    await eventually(() => server.services.uploadSlots.inUseBy(editorId) == 0, 10000, "its place given back");

    // Six a minute: four were taken (slow, refused, third, abandoned); two more, then 429.
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await upload(editor, `n${i}.pdf`));
    expect(results.map((r) => r.status)).to.deep.equal([201, 201, 429]);
    expect(results[2].body.error.id).to.equal("too_many_requests");
    expect(results[2].body.error.message).to.equal("Trop de pièces déposées en peu de temps. Patientez un instant avant d'en déposer une autre.");
    const stored = await server.services.db("campaign_evidence").where({ campaign_id: campaignId }).count({ n: "*" }).first();
    expect(Number(stored!.n)).to.equal(5);
  });

  it("refuses a file for an unknown or closed campaign before reading it (a file over the size limit gets that answer, not « too large »)", async () => {
    const signatory = await server.login("signataire@example.org");
    const oversize = Buffer.concat([PDF, Buffer.alloc(70 * 1024, 32)]);
    const unknown = await upload(signatory, "x.pdf", oversize, `/api/charters/${charterId}/campaigns/00000000-0000-4000-8000-000000000000/evidence`);
    expect(unknown.status).to.equal(404);
    const closedId = campaignId;
    await openCampaign(server, charterId); // closes the previous one
    const closed = await upload(signatory, "x.pdf", oversize, `/api/charters/${charterId}/campaigns/${closedId}/evidence`);
    expect(closed.status).to.equal(409);
    expect(closed.body.error.id).to.equal("campaign_closed");
    expect(server.services.uploadSlots.inUseBy((await server.services.db("users").where({ email: "signataire@example.org" }).first()).id)).to.equal(0);
  });
});
