import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsString, Max, Min, MinLength, ValidateNested, validate, type ValidationError } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { MAX_INPUT_DEPTH, ValidationFailedException, WellFormedInputPipe, flattenValidationErrors } from './validation';

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

describe('WellFormedInputPipe', () => {
  const pipe = new WellFormedInputPipe();

  it('passes text without NUL characters through untouched', () => {
    const body = { reason: 'Chest pain', patientDetails: { fullName: 'Zoë O’Brien' }, tags: ['a'] };
    expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform('4f7c3a4e-0000-4000-8000-000000000000', { type: 'param', data: 'id' })).toBe('4f7c3a4e-0000-4000-8000-000000000000');
  });

  it('names every field, however deep, that holds a NUL character', () => {
    const refuse = () => pipe.transform({ reason: 'a\u0000b', patientDetails: { fullName: '\u0000' }, status: ['ok', 'x\u0000'] }, { type: 'body' });
    expect(refuse).toThrow(ValidationFailedException);
    try {
      refuse();
    } catch (error) {
      expect((error as ValidationFailedException).details).toEqual([
        { field: 'reason', message: 'must not contain NUL characters' },
        { field: 'patientDetails.fullName', message: 'must not contain NUL characters' },
        { field: 'status.1', message: 'must not contain NUL characters' },
      ]);
    }
  });

  it('names a route or query parameter by its own name', () => {
    expect(() => pipe.transform('\u0000', { type: 'param', data: 'id' })).toThrow(
      expect.objectContaining({ details: [{ field: 'id', message: 'must not contain NUL characters' }] }),
    );
  });

  it('refuses text and keys that are not well-formed Unicode, naming the field', () => {
    expect(() => pipe.transform({ email: '\ud800@example.org' }, { type: 'body' })).toThrow(
      expect.objectContaining({ details: [{ field: 'email', message: 'must be well-formed Unicode text' }] }),
    );
    expect(() => pipe.transform({ ['a\udc00']: 1 }, { type: 'body' })).toThrow(
      expect.objectContaining({ details: [{ field: 'a\udc00', message: 'must be well-formed Unicode text' }] }),
    );
    const fine = { name: 'Zoë 👩‍⚕️ 東京' };
    expect(pipe.transform(fine, { type: 'body' })).toBe(fine);
  });

  it('refuses input nested deeper than the limit without overflowing the stack, and accepts the limit itself', () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 'x';
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    expect(() => pipe.transform({ email: 'a@example.org', password: nest(5_000) }, { type: 'body' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ message: `must not be nested more than ${MAX_INPUT_DEPTH} levels deep` })] }),
    );
    const deepest = { password: nest(MAX_INPUT_DEPTH - 1) };
    expect(pipe.transform(deepest, { type: 'body' })).toBe(deepest);
  });
});
