import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTIONS, AUDIT_ACTOR_ROLES, AUDIT_ENTITY_TYPES } from '@dialer/audit';
import { en, ja } from '../../../web/src/features/audit/locales';
import { en as appEn } from '../../../web/src/app/locales/en';
import { ja as appJa } from '../../../web/src/app/locales/ja';

const ROOT = join(__dirname, '../../../..');

/** Every .ts file of the product (libs and apps, not specs nor the web app). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || path.endsWith(join('apps', 'web')) ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

describe('the audit trail’s labels', () => {
  it('lists every action the code records (each `action: \'…\'` literal given to the audit)', () => {
    const recorded = new Set<string>();
    for (const file of [...sources(join(ROOT, 'libs')), ...sources(join(ROOT, 'apps'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)) recorded.add(match[1]);
    }
    expect(recorded.size).toBeGreaterThan(20);
    expect([...recorded].filter((action) => !(AUDIT_ACTIONS as readonly string[]).includes(action))).toEqual([]);
  });

  it.each([
    ['en', en],
    ['ja', ja],
  ])('names every action and every kind of entity in %s', (_, strings) => {
    expect(AUDIT_ACTIONS.filter((action) => !Object.hasOwn(strings.actionNames, action))).toEqual([]);
    expect(AUDIT_ENTITY_TYPES.filter((type) => !Object.hasOwn(strings.entityTypes, type))).toEqual([]);
    // A label is words, not the code again.
    expect(Object.entries(strings.actionNames).filter(([action, label]) => label === action || label.trim() === '')).toEqual([]);
  });

  it.each([
    ['en', appEn],
    ['ja', appJa],
  ])('names every role an actor can have in %s', (_, strings) => {
    expect(AUDIT_ACTOR_ROLES.filter((role) => !Object.hasOwn(strings.common.roles, role))).toEqual([]);
  });
});
