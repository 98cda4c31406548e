import type { CalendarDataset } from '../src/types.ts';
import es2026 from './2026/ES.json' with { type: 'json' };
import an2026 from './2026/ES-AN.json' with { type: 'json' };
import ar2026 from './2026/ES-AR.json' with { type: 'json' };
import as2026 from './2026/ES-AS.json' with { type: 'json' };
import cb2026 from './2026/ES-CB.json' with { type: 'json' };
import ce2026 from './2026/ES-CE.json' with { type: 'json' };
import cl2026 from './2026/ES-CL.json' with { type: 'json' };
import cm2026 from './2026/ES-CM.json' with { type: 'json' };
import cn2026 from './2026/ES-CN.json' with { type: 'json' };
import ct2026 from './2026/ES-CT.json' with { type: 'json' };
import ex2026 from './2026/ES-EX.json' with { type: 'json' };
import ga2026 from './2026/ES-GA.json' with { type: 'json' };
import ib2026 from './2026/ES-IB.json' with { type: 'json' };
import mc2026 from './2026/ES-MC.json' with { type: 'json' };
import md2026 from './2026/ES-MD.json' with { type: 'json' };
import ml2026 from './2026/ES-ML.json' with { type: 'json' };
import nc2026 from './2026/ES-NC.json' with { type: 'json' };
import pv2026 from './2026/ES-PV.json' with { type: 'json' };
import ri2026 from './2026/ES-RI.json' with { type: 'json' };
import vc2026 from './2026/ES-VC.json' with { type: 'json' };
import ine010592026 from './2026/01059.json' with { type: 'json' };
import ine060832026 from './2026/06083.json' with { type: 'json' };
import ine070402026 from './2026/07040.json' with { type: 'json' };
import ine080192026 from './2026/08019.json' with { type: 'json' };
import ine150782026 from './2026/15078.json' with { type: 'json' };
import ine260892026 from './2026/26089.json' with { type: 'json' };
import ine280792026 from './2026/28079.json' with { type: 'json' };
import ine290672026 from './2026/29067.json' with { type: 'json' };
import ine300302026 from './2026/30030.json' with { type: 'json' };
import ine312012026 from './2026/31201.json' with { type: 'json' };
import ine330442026 from './2026/33044.json' with { type: 'json' };
import ine350162026 from './2026/35016.json' with { type: 'json' };
import ine380382026 from './2026/38038.json' with { type: 'json' };
import ine390752026 from './2026/39075.json' with { type: 'json' };
import ine410912026 from './2026/41091.json' with { type: 'json' };
import ine451682026 from './2026/45168.json' with { type: 'json' };
import ine462502026 from './2026/46250.json' with { type: 'json' };
import ine471862026 from './2026/47186.json' with { type: 'json' };
import ine502972026 from './2026/50297.json' with { type: 'json' };
import ine510012026 from './2026/51001.json' with { type: 'json' };
import ine520012026 from './2026/52001.json' with { type: 'json' };
import es2027 from './2027/ES.json' with { type: 'json' };
import an2027 from './2027/ES-AN.json' with { type: 'json' };
import ar2027 from './2027/ES-AR.json' with { type: 'json' };
import as2027 from './2027/ES-AS.json' with { type: 'json' };
import cb2027 from './2027/ES-CB.json' with { type: 'json' };
import ce2027 from './2027/ES-CE.json' with { type: 'json' };
import cl2027 from './2027/ES-CL.json' with { type: 'json' };
import cm2027 from './2027/ES-CM.json' with { type: 'json' };
import cn2027 from './2027/ES-CN.json' with { type: 'json' };
import ct2027 from './2027/ES-CT.json' with { type: 'json' };
import ex2027 from './2027/ES-EX.json' with { type: 'json' };
import ga2027 from './2027/ES-GA.json' with { type: 'json' };
import ib2027 from './2027/ES-IB.json' with { type: 'json' };
import mc2027 from './2027/ES-MC.json' with { type: 'json' };
import md2027 from './2027/ES-MD.json' with { type: 'json' };
import ml2027 from './2027/ES-ML.json' with { type: 'json' };
import nc2027 from './2027/ES-NC.json' with { type: 'json' };
import pv2027 from './2027/ES-PV.json' with { type: 'json' };
import ri2027 from './2027/ES-RI.json' with { type: 'json' };
import vc2027 from './2027/ES-VC.json' with { type: 'json' };
import ine010592027 from './2027/01059.json' with { type: 'json' };
import ine070402027 from './2027/07040.json' with { type: 'json' };
import ine080192027 from './2027/08019.json' with { type: 'json' };
import ine260892027 from './2027/26089.json' with { type: 'json' };
import ine280792027 from './2027/28079.json' with { type: 'json' };
import ine290672027 from './2027/29067.json' with { type: 'json' };
import ine300302027 from './2027/30030.json' with { type: 'json' };
import ine330442027 from './2027/33044.json' with { type: 'json' };
import ine350162027 from './2027/35016.json' with { type: 'json' };
import ine380382027 from './2027/38038.json' with { type: 'json' };
import ine462502027 from './2027/46250.json' with { type: 'json' };
import ine510012027 from './2027/51001.json' with { type: 'json' };
import ine520012027 from './2027/52001.json' with { type: 'json' };

/**
 * The calendars shipped with Tramita: versioned data, one file per year, territory and level
 * (national `ES`, a community `ES-XX`, a municipality by its INE code). A correction is a new
 * version in the same file's history and in the organisms' own corrections (bpm's calendar API).
 * Every file in the year folders is listed here (checked by shipped-calendars.test.ts).
 */
export const SHIPPED_CALENDARS: readonly CalendarDataset[] = [
  es2026,
  an2026,
  ar2026,
  as2026,
  cb2026,
  ce2026,
  cl2026,
  cm2026,
  cn2026,
  ct2026,
  ex2026,
  ga2026,
  ib2026,
  mc2026,
  md2026,
  ml2026,
  nc2026,
  pv2026,
  ri2026,
  vc2026,
  ine010592026,
  ine060832026,
  ine070402026,
  ine080192026,
  ine150782026,
  ine260892026,
  ine280792026,
  ine290672026,
  ine300302026,
  ine312012026,
  ine330442026,
  ine350162026,
  ine380382026,
  ine390752026,
  ine410912026,
  ine451682026,
  ine462502026,
  ine471862026,
  ine502972026,
  ine510012026,
  ine520012026,
  es2027,
  an2027,
  ar2027,
  as2027,
  cb2027,
  ce2027,
  cl2027,
  cm2027,
  cn2027,
  ct2027,
  ex2027,
  ga2027,
  ib2027,
  mc2027,
  md2027,
  ml2027,
  nc2027,
  pv2027,
  ri2027,
  vc2027,
  ine010592027,
  ine070402027,
  ine080192027,
  ine260892027,
  ine280792027,
  ine290672027,
  ine300302027,
  ine330442027,
  ine350162027,
  ine380382027,
  ine462502027,
  ine510012027,
  ine520012027,
] as CalendarDataset[];
