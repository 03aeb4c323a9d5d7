import { FormControl } from '@angular/forms';
import { dateOfBirthValidator, problemOf } from './validators';

describe('dateOfBirthValidator', () => {
  const control = (value: string) => new FormControl(value, dateOfBirthValidator(() => '2040-08-01'));

  it('accepts no date, the clinic’s today and a date 130 years before it', () => {
    expect(control('').errors).toBeNull();
    expect(control('2040-08-01').errors).toBeNull();
    expect(control('1910-08-01').errors).toBeNull();
  });

  it('refuses, as the API does, a date after the clinic’s today or more than 130 years before it', () => {
    const future = control('2040-08-02');
    expect(future.errors).toEqual({ dateOfBirth: 'must not be in the future' });
    expect(problemOf(future, 'Date of birth')).toBe('Date of birth must not be in the future');
    expect(problemOf(control('1910-07-31'), 'Date of birth')).toBe('Date of birth must be within the last 130 years');
  });
});
