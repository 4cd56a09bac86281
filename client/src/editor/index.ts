export { createCharterView, type CharterViewOptions } from "./charterView.js";
export { numberingPlugin, numberingKey, numberedEntries, numberLabel, anchorId, type NumberingState } from "./numbering.js";
export { CommitmentView, type CommitmentContext } from "./commitmentView.js";
