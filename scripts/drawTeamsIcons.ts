import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_DIR } from '../bot/teams/appPackage/buildAppPackage.js';
import { drawColorIcon, drawOutlineIcon } from '../bot/teams/appPackage/drawIcons.js';

/** `npm run icons`: redraws manifest/color.png and manifest/outline.png (both committed). */
writeFileSync(join(MANIFEST_DIR, 'color.png'), drawColorIcon());
writeFileSync(join(MANIFEST_DIR, 'outline.png'), drawOutlineIcon());
process.stderr.write(`Ikonerna är ritade: ${join(MANIFEST_DIR, 'color.png')}, ${join(MANIFEST_DIR, 'outline.png')}\n`);
