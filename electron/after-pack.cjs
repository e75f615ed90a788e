// electron-builder `afterPack` hook: sets Electron's fuses on the packaged binary, before it is signed.
// CommonJS because electron-builder require()s its hooks; it runs at packaging, never in the app.
const path = require('node:path');
const { flipFuses, FuseV1Options, FuseVersion } = require('@electron/fuses');

/**
 * The fuse wire of the packaged app. Every fuse is set explicitly (strictlyRequireAllFuses), so that a fuse
 * added by a later Electron fails the packaging until someone decides about it.
 *
 * RunAsNode stays ON, on purpose: the server and translator run as `ELECTRON_RUN_AS_NODE` children of the
 * app's own binary (electron/stack.ts says why). What it allows, running the binary as a Node interpreter,
 * gives nothing to someone who can already start programs as the user; its real cost is on macOS, where a
 * signed app used as an interpreter inherits the app's privacy grants. The app asks for none (no camera,
 * microphone, files outside its folder), which is why this trade is acceptable here. Switching the children
 * to utilityProcess would let this fuse go off.
 */
const FUSES = {
  [FuseV1Options.RunAsNode]: true,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The packaged Electron binary inside electron-builder's output folder, per platform. */
function packagedBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${name}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  await flipFuses(packagedBinary(context), {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // On Apple silicon an ad-hoc signature breaks when the binary changes; electron-builder signs after this.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
    ...FUSES,
  });
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.packagedBinary = packagedBinary;
