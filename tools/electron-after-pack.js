// electron-builder `afterPack` hook (electron-builder.yml): sets Electron's fuses on the packaged binary,
// before signing, so that the shipped app cannot be turned into a general Node runtime or debugger.
// Plain JavaScript: electron-builder loads it directly. The Electron side (electron/) may refine the body.
import path from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';

/**
 * The fuses. RunAsNode is off: the children (server, translator) must then run as Electron utility
 * processes; if they run as ELECTRON_RUN_AS_NODE children of the app's binary instead, it has to be on.
 */
export const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
};

/** The packaged Electron binary inside electron-builder's output for one platform. */
export function packagedBinary({ appOutDir, electronPlatformName, packager }) {
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${name}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

export default async function afterPack(context) {
  await flipFuses(packagedBinary(context), {
    version: FuseVersion.V1,
    // An ad-hoc signed macOS app must be re-signed after its binary changed.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    ...FUSES,
  });
}
