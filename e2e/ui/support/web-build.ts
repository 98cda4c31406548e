export { ensureWebBuild, webBuildIsStale, WEB_DIST } from '../../../web/scripts/ensure-build.ts';
