import { createRequire } from 'node:module';
import path from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  packager: { appInfo: { productFilename: string }; executableName: string };
}
const hook = createRequire(import.meta.url)('./after-pack.cjs') as {
  FUSES: Record<number, boolean>;
  packagedBinary: (context: PackContext) => string;
};

describe('the fuses set at packaging', () => {
  it('decides every fuse of this Electron', () => {
    const known = Object.values(FuseV1Options).filter((value) => typeof value === 'number');
    expect(Object.keys(hook.FUSES).map(Number).sort()).toEqual([...known].sort());
  });
  it('closes the Node entry points except RunAsNode, which the stack children need', () => {
    expect(hook.FUSES[FuseV1Options.RunAsNode]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(hook.FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(hook.FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
  it('finds the packaged binary on each platform', () => {
    const context = (electronPlatformName: string): PackContext => ({
      appOutDir: '/out',
      electronPlatformName,
      packager: { appInfo: { productFilename: 'Meeshy Desktop' }, executableName: 'meeshy-desktop' },
    });
    expect(hook.packagedBinary(context('linux'))).toBe(path.join('/out', 'meeshy-desktop'));
    expect(hook.packagedBinary(context('win32'))).toBe(path.join('/out', 'Meeshy Desktop.exe'));
    expect(hook.packagedBinary(context('darwin'))).toBe(path.join('/out', 'Meeshy Desktop.app'));
  });
});
