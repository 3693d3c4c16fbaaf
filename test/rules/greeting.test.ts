import { greetingKindFor } from '../../rules/greeting';

test.each([
  [undefined, 'hosting-quote'],
  ['High', 'hosting-quote'],
  ['Medium', 'hosting-quote'],
  ['Low', 'pt-plan'],
] as const)('a lead scored %s is greeted with the %s', (category, kind) => {
  expect(greetingKindFor(category)).toBe(kind);
});
