import { fromHundredths, sumHours, toHundredths } from '../../rules/hours';

describe('sumHours', () => {
  test.each([
    [[], 0],
    [[0.1, 0.2], 0.3],
    [[0.7, 0.1, 0.1, 0.1], 1],
    [[1.25, 2.5, 0.25], 4],
    [[0.333, 0.333, 0.333], 0.99],
    [[7, 11], 18],
  ])('adds %j to exactly %d hours, with no floating-point drift', (hours, total) => {
    expect(sumHours(hours)).toBe(total);
  });
});

describe('hundredths', () => {
  test.each([
    [0.29, 29],
    [2.499, 250],
    [11, 1100],
  ])('%d h is %d hundredths, rounded to the nearest', (hours, hundredths) => {
    expect(toHundredths(hours)).toBe(hundredths);
  });

  test.each([
    [29, 0.29],
    [1100, 11],
    [0, 0],
  ])('%d hundredths is %d h', (hundredths, hours) => {
    expect(fromHundredths(hundredths)).toBe(hours);
  });
});
