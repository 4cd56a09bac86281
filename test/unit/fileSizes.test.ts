import { expect } from "chai";
import { frenchFileSize } from "../../server/shared/fileSizes.js";

describe("file sizes in French", () => {
  it("says kilo-octets under one Mo, mega-octets with a decimal comma above", () => {
    expect(frenchFileSize(200)).to.equal("1 Ko");
    expect(frenchFileSize(64 * 1024)).to.equal("64 Ko");
    expect(frenchFileSize(10 * 1024 * 1024)).to.equal("10 Mo");
    expect(frenchFileSize(12.5 * 1024 * 1024)).to.equal("12,5 Mo");
    expect(frenchFileSize(1536 * 1024 * 1024)).to.equal("1\u202f536 Mo");
  });
});
