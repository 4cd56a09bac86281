import { runCleanUps } from "./afterAllTests.js";

/** Mocha root hooks (loaded by .mocharc.json's `require`). */
export const mochaHooks = {
  afterAll: runCleanUps,
};
