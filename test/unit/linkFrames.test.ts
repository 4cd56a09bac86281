import { expect } from "chai";
import {
  decodeDownFrame, decodeUpFrame, downCloseFrame, downDataFrame, FRAME_CLOSE, FRAME_DATA, FRAME_OPEN, MAX_LINK_TEXT, MalformedFrameError, openFrame, upCloseFrame, upDataFrame,
} from "../../server/collab/links/linkFrames.js";

const buf = (bytes: Uint8Array) => Buffer.from(bytes);

describe("link frames between instances", () => {
  it("carries a client's opening, messages and leaving up, as they were", () => {
    expect(decodeUpFrame(buf(openFrame(7, "203.0.113.9", "abc_-123")))).to.deep.equal({ type: FRAME_OPEN, key: 7, address: "203.0.113.9", ticket: "abc_-123" });
    expect(decodeUpFrame(buf(openFrame(8, "::1", null)))).to.deep.equal({ type: FRAME_OPEN, key: 8, address: "::1", ticket: null });
    const message = new Uint8Array([0, 0, 1, 0]);
    const up = decodeUpFrame(upDataFrame(300, message));
    expect(up).to.include({ type: FRAME_DATA, key: 300 });
    expect([...(up as { data: Buffer }).data]).to.deep.equal([...message]);
    expect(decodeUpFrame(buf(upCloseFrame(2)))).to.deep.equal({ type: FRAME_CLOSE, key: 2 });
  });

  it("carries one message for many clients down, and a close with its code and reason", () => {
    const keys = Array.from({ length: 200 }, (_, i) => i + 1);
    const message = new Uint8Array(1000).fill(42);
    const down = decodeDownFrame(downDataFrame(keys, message), 200);
    expect(down).to.deep.include({ type: FRAME_DATA, keys });
    expect([...(down as { data: Buffer }).data]).to.deep.equal([...message]);
    expect(decodeDownFrame(buf(downCloseFrame(3, 4408, "Not reading")), 3)).to.deep.equal({ type: FRAME_CLOSE, key: 3, code: 4408, reason: "Not reading" });
  });

  it("refuses what does not decode as a frame, with MalformedFrameError only", () => {
    const malformed: [Buffer, (frame: Buffer) => unknown][] = [
      [Buffer.alloc(0), decodeUpFrame],
      [Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), decodeUpFrame],
      [Buffer.from([2, 0]), decodeUpFrame], // key 0 is no client's
      [Buffer.from([1, 1, 2, 0xc3, 0x28, 0]), decodeUpFrame], // invalid UTF-8 in the address
      [Buffer.concat([buf(openFrame(1, "x".repeat(MAX_LINK_TEXT + 1), null))]), decodeUpFrame],
      [Buffer.from([1, 1, 1, 0x61, 0, 0]), decodeUpFrame], // trailing bytes
      [Buffer.from([2, 0]), (f) => decodeDownFrame(f, 10)], // a message for no one
      [downDataFrame([1, 2, 3], new Uint8Array([1])), (f) => decodeDownFrame(f, 2)], // for more clients than the link has
      [buf(downCloseFrame(1, 1000, "")).subarray(0, 3), (f) => decodeDownFrame(f, 10)], // cut short
      [Buffer.from([3, 1, 0x80, 0x01, 0]), (f) => decodeDownFrame(f, 10)], // close code 128
      [Buffer.from([7]), (f) => decodeDownFrame(f, 10)],
    ];
    for (const [frame, decode] of malformed) expect(() => decode(frame), frame.toString("hex")).to.throw(MalformedFrameError);
  });
});
