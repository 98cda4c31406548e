import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBolaScenario, type BolaOutcome } from './support/bola-scenario.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

describe("another organism's resources, all-in-one: every route answers 404 or 403 and changes nothing (BOLA suite, issue 12)", () => {
  let tramita: TestTramita;
  let outcome: BolaOutcome;

  beforeAll(async () => {
    tramita = await startTramita();
    outcome = await runBolaScenario(tramita.url, E2E_PASSWORD);
  }, 300_000);

  afterAll(async () => {
    await tramita?.stop();
  });

  it('probes every operation of the public API document (a new one must be added to the suite)', () => {
    expect(outcome.unprobed).toEqual([]);
    expect(outcome.probes).toBeGreaterThan(100);
  });

  it("answers every user of every role of the first organism 404 or 403 on the second organism's resources, and no list shows them", () => {
    expect(outcome.violations).toEqual([]);
  });

  it("leaves the second organism's expediente, process, documents, interesados and relations exactly as they were", () => {
    expect(outcome.after).toBe(outcome.before);
  });
});
