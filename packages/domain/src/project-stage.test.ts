import { describe, expect, it } from 'vitest';
import { isProjectStage, PROJECT_STAGE_NAMES, PROJECT_STAGES } from './project-stage.js';

describe('project stages', () => {
  it('run from demand to closed, with cancelled last', () => {
    expect(PROJECT_STAGES[0]).toBe('demand');
    expect(PROJECT_STAGES.at(-2)).toBe('closed');
    expect(PROJECT_STAGES.at(-1)).toBe('cancelled');
  });

  it('each have an official Chinese name', () => {
    for (const stage of PROJECT_STAGES)
      expect(PROJECT_STAGE_NAMES[stage]).toMatch(/\p{Script=Han}/u);
  });

  it('recognise only known stage names', () => {
    expect(isProjectStage('training')).toBe(true);
    expect(isProjectStage('Training')).toBe(false);
  });
});
