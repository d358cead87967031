// Where the end-to-end suite finds its tools and puts what it leaves behind.
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');

/** code-server installed by scripts/setup.sh (override with REGLAB_CODE_SERVER). */
export const codeServerBin =
  process.env.REGLAB_CODE_SERVER ?? path.join(repoRoot, '.e2e/code-server/node_modules/.bin/code-server');

/** Debian's Chromium (override with REGLAB_CHROMIUM). */
export const chromiumPath = process.env.REGLAB_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots and logs of the end-to-end runs (gitignored). */
export const artifactsDir = path.join(repoRoot, 'test-artifacts');

export const examplesDir = path.join(repoRoot, 'examples');
export const schemaDir = path.join(repoRoot, 'schema');

/** Curated screenshots for the README (written only with REGLAB_UPDATE_DOC_IMAGES=1). */
export const docImagesDir = path.join(repoRoot, 'docs', 'images');
