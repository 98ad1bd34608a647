import { describe, expect, it } from 'vitest';
import { parseScenario } from '../engine/scenario';
import { findLab, LABS } from './catalog';
import { eventBusLab } from './eventBus';

/** A lab's id is a URL path segment: lowercase words joined by single hyphens. */
const LAB_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

describe('the lab catalog', () => {
  it('has the 8 course labs in course order (task 2 is not a lab)', () => {
    expect(LABS.map((lab) => lab.courseTask)).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(LABS.map((lab) => lab.id)).toEqual([
      'event-bus',
      'shop',
      'queue',
      'replay',
      'rabbitmq',
      'webhook',
      'kafka',
      'saga',
    ]);
  });

  it('has unique ids', () => {
    expect(new Set(LABS.map((lab) => lab.id)).size).toBe(LABS.length);
  });

  it.each(LABS.map((lab) => [lab.id, lab] as const))(
    '%s opens at /labs/<id> and is described in both languages',
    (id, lab) => {
      expect(id).toMatch(LAB_ID);
      expect(encodeURIComponent(id)).toBe(id);
      expect(new URL(`/labs/${id}`, 'http://localhost').pathname).toBe(`/labs/${id}`);
      expect(findLab(id)).toBe(lab);
      for (const text of [lab.title, lab.summary, lab.level]) {
        expect(text.en.trim()).not.toBe('');
        expect(text.uk.trim()).not.toBe('');
      }
    },
  );

  it('levels follow the course: 1 basics, 3-4 intermediate, 5-7 advanced, 8-9 hard', () => {
    const level = (task: number) => LABS.find((lab) => lab.courseTask === task)?.level.en;
    expect([1, 3, 4, 5, 6, 7, 8, 9].map(level)).toEqual([
      'Level 1 · basics',
      'Level 2 · intermediate',
      'Level 2 · intermediate',
      'Level 3 · advanced',
      'Level 3 · advanced',
      'Level 3 · advanced',
      'Level 4 · hard mode',
      'Level 4 · hard mode',
    ]);
  });

  it('event-bus has a scenario whose id and course task match its entry', () => {
    const lab = findLab('event-bus');
    expect(lab?.scenario).toBe(eventBusLab);
    expect(lab?.scenario?.id).toBe('event-bus');
    expect(lab?.scenario?.courseTask).toBe(1);
    expect(lab?.title).toEqual(eventBusLab.title);
  });

  it.each(LABS.filter((lab) => lab.scenario !== undefined).map((lab) => [lab.id, lab] as const))(
    'the scenario of %s is valid and carries its id and course task',
    (id, lab) => {
      expect(lab.scenario?.id).toBe(id);
      expect(lab.scenario?.courseTask).toBe(lab.courseTask);
      expect(parseScenario(lab.scenario).ok).toBe(true);
    },
  );

  it.each(['', 'nope', 'Event-Bus', 'event-bus/', ' event-bus'])(
    'findLab(%j) finds nothing',
    (id) => {
      expect(findLab(id)).toBeUndefined();
    },
  );
});
