// The environment a command target is given: PATH and HOME, and what its config names; never the runner's.

import { describe, expect, it } from 'vitest';
import { commandEnvironment } from '../../src/targets/command-env.ts';

const RUNNER = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/runner',
  GITHUB_TOKEN: 'ghs_x',
  ACTIONS_RUNTIME_TOKEN: 'eyJ.x',
  'INPUT_GITHUB-TOKEN': 'ghs_y',
  ANTHROPIC_API_KEY: 'sk-ant-x',
  GITHUB_WORKSPACE: '/w',
};

describe('commandEnvironment', () => {
  it('passes PATH and HOME and the named values, nothing else', () => {
    expect(commandEnvironment(RUNNER, { OPENAI_API_KEY: 'sk-named', MODE: 'ci' }, {}, 'linux')).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/runner',
      OPENAI_API_KEY: 'sk-named',
      MODE: 'ci',
    });
  });

  it("takes PATH and HOME from the process when the run's environment lacks them; named values win", () => {
    expect(
      commandEnvironment({ GITHUB_TOKEN: 'x' }, { HOME: '/tmp/h' }, { PATH: '/p', HOME: '/h' }, 'linux'),
    ).toEqual({ PATH: '/p', HOME: '/tmp/h' });
  });

  it('adds what Windows needs to start anything there', () => {
    const env = commandEnvironment(
      { ...RUNNER, SystemRoot: 'C:\\Windows', ComSpec: 'cmd.exe' },
      {},
      {},
      'win32',
    );
    expect(Object.keys(env).sort()).toEqual(['ComSpec', 'HOME', 'PATH', 'SystemRoot']);
  });
});
