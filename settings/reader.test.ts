import { describe, expect, it } from 'vitest';
import { optionalSetting, readSettings, setting, SettingsError } from './reader.ts';
import { portSchema, switchSchema, textSchema } from './schemas.ts';

const DECLARED = {
  port: setting<number>({
    meaning: 'a port',
    flag: 'port',
    env: ['MEESHY_PORT', 'PORT'],
    schema: portSchema,
    default: 3001,
  }),
  offline: setting<boolean>({
    meaning: 'a switch',
    flag: 'offline',
    flagIsSwitch: true,
    env: ['MEESHY_OFFLINE'],
    schema: switchSchema,
    default: false,
  }),
  token: optionalSetting<string>({
    meaning: 'a secret',
    env: ['MEESHY_TOKEN'],
    schema: textSchema,
    secret: true,
  }),
};

describe('readSettings', () => {
  it('takes the flag over the environment over the default', () => {
    expect(readSettings(DECLARED, [], {})).toEqual({ port: 3001, offline: false, token: undefined });
    expect(readSettings(DECLARED, [], { MEESHY_PORT: '4000' }).port).toBe(4000);
    expect(readSettings(DECLARED, ['--port', '5000'], { MEESHY_PORT: '4000' }).port).toBe(5000);
  });

  it('reads the variables in their order and counts an empty one as not set', () => {
    expect(readSettings(DECLARED, [], { MEESHY_PORT: '4000', PORT: '4001' }).port).toBe(4000);
    expect(readSettings(DECLARED, [], { MEESHY_PORT: '', PORT: '4001' }).port).toBe(4001);
  });

  it('reads a switch from a bare flag or a yes/no variable', () => {
    expect(readSettings(DECLARED, ['--offline'], {}).offline).toBe(true);
    expect(readSettings(DECLARED, [], { MEESHY_OFFLINE: 'Yes' }).offline).toBe(true);
    expect(readSettings(DECLARED, [], { MEESHY_OFFLINE: 'off' }).offline).toBe(false);
    expect(() => readSettings(DECLARED, [], { MEESHY_OFFLINE: 'maybe' })).toThrow(
      'MEESHY_OFFLINE: expected 1/true/yes/on or 0/false/no/off, got "maybe"',
    );
  });

  it('names the flag or the variable and the bad value, but never echoes a secret', () => {
    expect(() => readSettings(DECLARED, ['--port', 'eighty'], {})).toThrow(
      new SettingsError('--port: expected a whole number, got "eighty"'),
    );
    expect(() => readSettings(DECLARED, [], { MEESHY_PORT: '70000' })).toThrow(
      'MEESHY_PORT: expected at most 65535, got "70000"',
    );
    expect(() => readSettings(DECLARED, [], { MEESHY_TOKEN: '   ' })).toThrow(
      /^MEESHY_TOKEN: expected a value$/,
    );
    expect(() => readSettings(DECLARED, ['--unknown'], {})).toThrow(SettingsError);
  });

  it('computes a default only when nothing else is given', () => {
    let computed = 0;
    const declared = {
      folder: setting<string>({
        meaning: 'a folder',
        env: ['MEESHY_FOLDER'],
        schema: textSchema,
        default: () => {
          computed += 1;
          return '/default';
        },
      }),
    };
    expect(readSettings(declared, [], { MEESHY_FOLDER: '/given' }).folder).toBe('/given');
    expect(computed).toBe(0);
    expect(readSettings(declared, [], {}).folder).toBe('/default');
    expect(computed).toBe(1);
  });
});
