export { startAllInOne, type AllInOne } from './all-in-one.ts';
export { launcherConfig, type LauncherConfig } from './launcher-config.ts';
