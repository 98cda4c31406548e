import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBolaScenario, type BolaOutcome } from '../support/bola-scenario.ts';
import { E2E_PASSWORD, stackInfraAvailable, startTestStack, type TestStack } from '../support/tramita-stack.ts';

describe.skipIf(!stackInfraAvailable)(
  "another organism's resources, distributed: every route answers 404 or 403 and changes nothing (BOLA suite, issue 12)",
  () => {
    let stack: TestStack;
    let outcome: BolaOutcome;

    beforeAll(async () => {
      stack = await startTestStack();
      outcome = await runBolaScenario(stack.url, E2E_PASSWORD);
    }, 400_000);

    afterAll(async () => {
      await stack?.stop();
    }, 60_000);

    it('probes every operation of the public API document', () => {
      expect(outcome.unprobed).toEqual([]);
      expect(outcome.probes).toBeGreaterThan(100);
    });

    it("answers every user of every role of the first organism 404 or 403 on the second organism's resources, and no list shows them", () => {
      expect(outcome.violations).toEqual([]);
    });

    it("leaves the second organism's resources exactly as they were", () => {
      expect(outcome.after).toBe(outcome.before);
    });
  },
);
