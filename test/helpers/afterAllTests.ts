/**
 * Clean-ups to run once every test file of the mocha process is done (for
 * what files share, such as the template databases): registered by helpers,
 * run by the root hook in rootHooks.ts.
 */
const cleanUps: (() => Promise<void>)[] = [];

export function afterAllTests(cleanUp: () => Promise<void>): void {
  cleanUps.push(cleanUp);
}

export async function runCleanUps(): Promise<void> {
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
}
