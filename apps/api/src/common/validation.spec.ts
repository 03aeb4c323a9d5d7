import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Max, Min, MinLength, ValidateNested, validate, type ValidationError } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { flattenValidationErrors } from './validation';

class WindowInput {
  @IsInt() @Min(1) @Max(7) weekday!: number;
  @IsString() start!: string;
}

class ContactInput {
  @IsEmail({}, { message: 'must be an email' }) email!: string;
}

class ScheduleInput {
  @MinLength(2) name!: string;
  @ValidateNested() @Type(() => ContactInput) contact!: ContactInput;
  @ValidateNested({ each: true }) @Type(() => WindowInput) weekly!: WindowInput[];
}

async function errorsFor(plain: object): Promise<ValidationError[]> {
  return validate(plainToInstance(ScheduleInput, plain), { stopAtFirstError: true });
}

describe('flattenValidationErrors', () => {
  it('answers nothing for no errors', () => {
    expect(flattenValidationErrors([])).toEqual([]);
  });

  it('names nested and array fields with dotted paths and drops the repeated property name', async () => {
    const errors = await errorsFor({
      name: 'A',
      contact: { email: 'nope' },
      weekly: [{ weekday: 1, start: '09:00' }, { weekday: 9, start: 5 }],
    });
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'name', message: 'must be longer than or equal to 2 characters' },
      { field: 'contact.email', message: 'must be an email' },
      { field: 'weekly.1.weekday', message: 'must not be greater than 7' },
      { field: 'weekly.1.start', message: 'must be a string' },
    ]);
  });

  it('keeps messages that do not start with the property name, and every constraint of a field', () => {
    const errors = [
      { property: 'slot', constraints: { custom: 'overlaps another window', other: 'slot is required' }, children: [] },
    ] as ValidationError[];
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'slot', message: 'overlaps another window' },
      { field: 'slot', message: 'is required' },
    ]);
  });

  it('prefixes with the given parent field', () => {
    const errors = [{ property: 'end', constraints: { isString: 'end must be a string' } }] as ValidationError[];
    expect(flattenValidationErrors(errors, 'weekly.0')).toEqual([{ field: 'weekly.0.end', message: 'must be a string' }]);
  });
});
