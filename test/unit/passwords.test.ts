import { expect } from "chai";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../../server/auth/passwords.js";

describe("passwords", () => {
  it("hashes with scrypt and a random salt, never keeping the password", async () => {
    const a = await hashPassword("un mot de passe");
    const b = await hashPassword("un mot de passe");
    expect(a).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.to.equal(b);
    expect(a).not.to.contain("mot de passe");
  });

  it("verifies the right password and refuses others", async () => {
    const hash = await hashPassword("charte-demo");
    expect(await verifyPassword("charte-demo", hash)).to.equal(true);
    expect(await verifyPassword("charte-demo ", hash)).to.equal(false);
    expect(await verifyPassword("", hash)).to.equal(false);
  });

  it("matches nothing with the dummy hash used for unknown emails", async () => {
    expect(await verifyPassword("", DUMMY_HASH)).to.equal(false);
    expect(await verifyPassword("charte-demo", DUMMY_HASH)).to.equal(false);
  });
});
