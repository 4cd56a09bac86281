import { expect } from "chai";
import { request } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { startTestServer, type TestServer } from "../helpers/testServer.js";

/** A raw GET (no automatic decompression): status, headers and the bytes as sent. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject).end();
  });
}

// Needs the built client: `npm test` builds it first (`npm run build` before running this file alone).
describe("the built client: compression, caching and security headers", function () {
  this.timeout(30000);
  let server: TestServer;
  let dist: string;
  let script: string;

  before(async () => {
    server = await startTestServer();
    dist = server.services.config.clientDir!;
    const html = readFileSync(join(dist, "index.html"), "utf8");
    script = html.match(/src="(\/assets\/[^"]+\.js)"/)![1];
  });
  after(() => server.close());

  const expectSecurityHeaders = (headers: Record<string, unknown>) => {
    const csp = String(headers["content-security-policy"]);
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"])
      expect(csp).to.contain(directive);
    expect(csp).not.to.match(/script-src[^;]*unsafe/);
    expect(headers["x-content-type-options"]).to.equal("nosniff");
    expect(headers["referrer-policy"]).to.equal("no-referrer");
    expect(headers["x-frame-options"]).to.equal("DENY");
    expect(headers["strict-transport-security"]).to.equal(undefined);
  };

  it("sends index.html brotli-compressed, to be revalidated on every use, with the security headers", async () => {
    const res = await get(server.url + "/", { "accept-encoding": "gzip, deflate, br" });
    expect(res.status).to.equal(200);
    expect(res.headers).to.include({ "content-encoding": "br", "cache-control": "no-cache", vary: "Accept-Encoding" });
    expect(res.headers["content-type"]).to.match(/^text\/html/);
    expect(brotliDecompressSync(res.body).toString()).to.equal(readFileSync(join(dist, "index.html"), "utf8"));
    expectSecurityHeaders(res.headers);
  });

  it("sends hashed assets compressed and cached for a year as immutable", async () => {
    const original = readFileSync(join(dist, script));
    const br = await get(server.url + script, { "accept-encoding": "br;q=1.0, gzip;q=0.8" });
    expect(br.headers).to.include({ "content-encoding": "br", "cache-control": "public, max-age=31536000, immutable" });
    expect(br.headers["content-type"]).to.match(/javascript/);
    expect(br.body.length).to.be.below(original.length / 3);
    expect(brotliDecompressSync(br.body).equals(original)).to.equal(true);
    const gz = await get(server.url + script, { "accept-encoding": "gzip" });
    expect(gz.headers).to.include({ "content-encoding": "gzip", "cache-control": "public, max-age=31536000, immutable" });
    expect(gunzipSync(gz.body).equals(original)).to.equal(true);
    const plain = await get(server.url + script);
    expect(plain.headers["content-encoding"]).to.equal(undefined);
    expect(plain.body.equals(original)).to.equal(true);
    expectSecurityHeaders(plain.headers);
  });

  it("serves the app for client routes, an invitation link included, and 404 for a missing asset", async () => {
    const page = await get(server.url + "/invitation/un-jeton-secret", { "accept-encoding": "gzip" });
    expect(page.status).to.equal(200);
    expect(page.headers).to.include({ "content-encoding": "gzip", "cache-control": "no-cache", "referrer-policy": "no-referrer" });
    expect(gunzipSync(page.body).toString()).to.contain('<div id="app">');
    const missing = await get(server.url + "/assets/index-AAAAAAAA.js");
    expect(missing.status).to.equal(404);
    expect(missing.headers["content-type"]).to.match(/^text\/plain/);
  });

  it("puts the same headers on API answers, which are never cached", async () => {
    const res = await get(server.url + "/api/health");
    expect(res.headers["cache-control"]).to.equal("no-store");
    expectSecurityHeaders(res.headers);
  });

  it("sends HSTS only when the public URL is https", async () => {
    const https = await startTestServer({ seedDemo: false, config: { publicUrl: "https://charte.example.fr" } });
    try {
      const res = await get(https.url + "/api/health");
      expect(res.headers["strict-transport-security"]).to.equal("max-age=31536000");
      expect(res.headers["content-security-policy"]).to.contain("upgrade-insecure-requests");
    } finally {
      await https.close();
    }
  });
});
