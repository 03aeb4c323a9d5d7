import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it.each([
    ['short1!', 'must be at least 12 characters'],
    ['x'.repeat(129), 'must be at most 128 characters'],
    ['qwerty123456', 'is too common: it appears on lists of breached passwords'],
    ['1q2w3e4r5t6y', 'is too common: it appears on lists of breached passwords'],
    // a common word dressed up with digits and symbols is still a common password
    ['Password2026!!', 'is too common: it appears on lists of breached passwords'],
    ['!!sunshine1234', 'is too common: it appears on lists of breached passwords'],
    ['aaaaaaaaaaaaaaa', 'is too repetitive: use more different characters'],
    ['abababababababab', 'is too repetitive: use more different characters'],
  ])('refuses %j', (password, reason) => {
    expect(passwordProblem(password)).toBe(reason);
  });

  it('refuses a password built on the person’s own email or name', () => {
    expect(passwordProblem('margaret-likes-tea', { email: 'margaret@example.com' })).toBe(
      'must not contain your name or email',
    );
    expect(passwordProblem('HamiltonRocks77', { fullName: 'Ada Hamilton' })).toBe(
      'must not contain your name or email',
    );
  });

  it.each(['correct horse battery staple', 'Tulip-Orbit-Canvas-42', 'mGx9#vT2qLp8'])('accepts %j', (password) => {
    expect(passwordProblem(password, { email: 'ada@example.com', fullName: 'Ada Lovelace' })).toBeNull();
  });
});
