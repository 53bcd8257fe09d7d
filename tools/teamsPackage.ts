/**
 * `npm run teams:package`: builds the Teams app package (teams/build/payment-assistant-teams.zip) with
 * the manifest at the zip's root, its German localization file and the two icons. The bot id and the
 * rest come from the environment (or .env); a missing or bad value stops the build and is named.
 */
import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { Translations } from '../i18n/translator';
import { appPackage, PackageConfigError, packageEnvFrom } from '../teams/appPackage';

const ROOT = path.join(__dirname, '..');
export const TEAMS_DIR = path.join(ROOT, 'teams');
export const PACKAGE_PATH = path.join(TEAMS_DIR, 'build', 'payment-assistant-teams.zip');

export function buildTeamsPackage(env: NodeJS.ProcessEnv = process.env, target = PACKAGE_PATH): string {
  const version = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const { manifest, localization } = appPackage(packageEnvFrom(env), new Translations(), version);
  const files = {
    'manifest.json': strToU8(JSON.stringify(manifest, null, 2)),
    'de.json': strToU8(JSON.stringify(localization, null, 2)),
    'color.png': fs.readFileSync(path.join(TEAMS_DIR, 'color.png')),
    'outline.png': fs.readFileSync(path.join(TEAMS_DIR, 'outline.png')),
  };
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, zipSync(files, { level: 9 }));
  return target;
}

if (require.main === module) {
  try {
    const written = buildTeamsPackage();
    console.log(
      `Teams app package: ${path.relative(process.cwd(), written)} (upload it in Teams: Apps > Manage your apps > Upload an app)`,
    );
  } catch (error) {
    if (error instanceof PackageConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
