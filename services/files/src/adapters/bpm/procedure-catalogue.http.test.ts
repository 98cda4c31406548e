import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { catalogued, startFakeBpmCatalogue, type FakeBpmCatalogue } from '../../../test/fake-bpm-catalogue.ts';
import { HttpProcedureCatalogue } from './procedure-catalogue.http.ts';

const A = 'L01280796';
const B = 'A01002820';
const asker = { authorization: 'Bearer token-of-the-admin', requestId: 'req-7' };

describe('bpm procedure catalogue over HTTP', () => {
  let bpm: FakeBpmCatalogue;
  const catalogue = (timeoutMs = 2_000, bpmUrl: string | undefined = bpm.url) => new HttpProcedureCatalogue({ bpmUrl, asker, timeoutMs });

  beforeAll(async () => {
    bpm = await startFakeBpmCatalogue();
  });
  afterAll(async () => bpm.close());
  beforeEach(() => {
    bpm.behaviour = 'list';
    bpm.asked = [];
    bpm.procedures = [catalogued('COMUN', null), catalogued('LICENCIAS', A, 'phases'), catalogued('MERCADOS', B)];
  });

  it("asks bpm with the caller's own token and request id", async () => {
    await catalogue().usability('COMUN', A);
    expect(bpm.asked).toEqual([{ authorization: 'Bearer token-of-the-admin', requestId: 'req-7' }]);
  });

  it("finds a shared procedure usable by any organism and an organism's own only by that organism", async () => {
    expect(await catalogue().usability('COMUN', A)).toEqual({ kind: 'usable' });
    expect(await catalogue().usability('COMUN', null)).toEqual({ kind: 'usable' });
    expect(await catalogue().usability('LICENCIAS', A)).toEqual({ kind: 'usable' });
    expect(await catalogue().usability('MERCADOS', A)).toEqual({ kind: 'unusable' });
    // A shared option needs a shared procedure.
    expect(await catalogue().usability('LICENCIAS', null)).toEqual({ kind: 'unusable' });
  });

  it('answers a procedure bpm does not list as not usable, matching codes exactly', async () => {
    expect(await catalogue().usability('NOPE', A)).toEqual({ kind: 'unusable' });
    expect(await catalogue().usability('licencias', A)).toEqual({ kind: 'unusable' });
  });

  it('takes a procedure listed without organism (a server older than organisms) as shared', async () => {
    bpm.procedures = [{ code: 'ANTIGUO', name: 'Antiguo', latestVersion: 2, versions: [1, 2] }];
    expect(await catalogue().usability('ANTIGUO', null)).toEqual({ kind: 'usable' });
  });

  it('is unavailable when bpm answers an error status, a body outside its contract or no JSON', async () => {
    bpm.behaviour = { status: 500 };
    expect(await catalogue().usability('COMUN', A)).toEqual({ kind: 'unavailable', reason: 'the bpm service answered 500' });
    bpm.behaviour = { status: 401 };
    expect(await catalogue().usability('COMUN', A)).toEqual({ kind: 'unavailable', reason: 'the bpm service answered 401' });
    bpm.behaviour = 'malformed';
    expect(await catalogue().usability('LICENCIAS', A)).toEqual({
      kind: 'unavailable',
      reason: 'the bpm service answered a procedure list its contract does not allow',
    });
    bpm.behaviour = 'not-json';
    expect(await catalogue().usability('COMUN', A)).toEqual({ kind: 'unavailable', reason: 'the bpm service answered something that is not JSON' });
  });

  it('gives up on a bpm that does not answer in time', async () => {
    bpm.behaviour = 'hang';
    const started = Date.now();
    expect(await catalogue(200).usability('COMUN', A)).toEqual({ kind: 'unavailable', reason: 'the bpm service did not answer within 200 ms' });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('is unavailable when bpm is down or its address unknown', async () => {
    const down = await startFakeBpmCatalogue();
    await down.close();
    expect(await catalogue(2_000, down.url).usability('COMUN', A)).toEqual({ kind: 'unavailable', reason: 'the bpm service could not be reached' });
    expect(await new HttpProcedureCatalogue({ bpmUrl: undefined, asker, timeoutMs: 2_000 }).usability('COMUN', A)).toEqual({
      kind: 'unavailable',
      reason: 'the address of the bpm service is not configured',
    });
  });
});
