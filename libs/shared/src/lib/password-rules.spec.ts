import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLengthProblem } from './password-rules';

describe('passwordLengthProblem', () => {
  it.each([
    ['a'.repeat(PASSWORD_MIN_LENGTH - 1), 'too-short'],
    ['a'.repeat(PASSWORD_MIN_LENGTH), null],
    ['a'.repeat(PASSWORD_MAX_LENGTH), null],
    ['a'.repeat(PASSWORD_MAX_LENGTH + 1), 'too-long'],
    // Counted in characters, not UTF-16 code units: 11 emoji are still too short.
    ['🙂'.repeat(PASSWORD_MIN_LENGTH - 1), 'too-short'],
  ])('judges %j as %s', (password, expected) => {
    expect(passwordLengthProblem(password)).toBe(expected);
  });
});
