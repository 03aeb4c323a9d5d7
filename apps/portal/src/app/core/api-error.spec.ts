import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormControl, FormGroup } from '@angular/forms';
import { applyServerErrors, describeError, sentence, serverDetails } from './api-error';

function failure(status: number, body: unknown, headers?: HttpHeaders): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, headers });
}

const VALIDATION = failure(400, {
  statusCode: 400,
  error: 'Bad Request',
  message: 'Validation failed',
  details: [
    { field: 'email', message: 'must be an email' },
    { field: 'phone', message: 'must be a phone number' },
  ],
});

const RULE = failure(422, {
  statusCode: 422,
  error: 'Unprocessable Entity',
  message: 'Monday 07:00–12:00 is outside the clinic’s working hours',
  details: [{ field: 'weekly.0', message: 'Monday 07:00–12:00 is outside the clinic’s working hours' }],
});

const TAKEN = failure(409, {
  statusCode: 409,
  error: 'Conflict',
  message: 'An account with this email already exists',
  details: [{ field: 'email', message: 'is already registered' }],
});

describe('describeError', () => {
  it('answers the server’s message for a refused request', () => {
    expect(describeError(TAKEN)).toBe('An account with this email already exists');
  });

  it('does not pass on the wording of server faults', () => {
    expect(describeError(failure(500, { message: 'relation "users" does not exist' }))).toBe(
      'Something went wrong on our side. Please try again.',
    );
  });

  it('says when the server cannot be reached', () => {
    expect(describeError(failure(0, null))).toBe('Cannot reach the clinic server. Check your connection and try again.');
  });

  it('says how long to wait after too many attempts', () => {
    expect(describeError(failure(429, {}, new HttpHeaders({ 'Retry-After': '61' })))).toBe(
      'Too many attempts, try again in 2 minutes',
    );
  });

  it('reads the HTTP error a resource wraps', () => {
    expect(describeError(new Error('Resource failed', { cause: TAKEN }))).toBe('An account with this email already exists');
  });

  it('has a sentence for anything else', () => {
    expect(describeError(new TypeError('x is undefined'))).toBe('Something went wrong. Please try again.');
  });
});

describe('serverDetails', () => {
  it('answers the field errors of invalid input (400)', () => {
    expect(serverDetails(VALIDATION)).toEqual([
      { field: 'email', message: 'must be an email' },
      { field: 'phone', message: 'must be a phone number' },
    ]);
  });

  it('answers the rule errors of valid input the clinic refuses (422)', () => {
    expect(serverDetails(RULE)).toEqual([
      { field: 'weekly.0', message: 'Monday 07:00–12:00 is outside the clinic’s working hours' },
    ]);
  });

  it('answers the field a conflict names (409)', () => {
    expect(serverDetails(TAKEN)).toEqual([{ field: 'email', message: 'is already registered' }]);
  });

  it('is empty for a conflict that names no field', () => {
    expect(serverDetails(failure(409, { statusCode: 409, message: 'You cannot change the status of your own account' }))).toEqual([]);
  });

  it('reads the HTTP error a resource wraps', () => {
    expect(serverDetails(new Error('Resource failed', { cause: RULE }))).toHaveLength(1);
  });

  it('reads the body of a call that answers nothing on success, which arrives as text', () => {
    const asText = failure(400, JSON.stringify({ message: 'This link no longer works', details: [{ field: 'token', message: 'is invalid' }] }));
    expect(serverDetails(asText)).toEqual([{ field: 'token', message: 'is invalid' }]);
    expect(describeError(asText)).toBe('This link no longer works');
  });

  it('ignores details of other statuses and malformed ones', () => {
    expect(serverDetails(failure(500, { details: [{ field: 'email', message: 'x' }] }))).toEqual([]);
    expect(serverDetails(failure(400, { details: 'email is wrong' }))).toEqual([]);
    expect(serverDetails(failure(400, { details: [null, { field: 'email' }, { field: 'name', message: 'is required' }] }))).toEqual([
      { field: 'name', message: 'is required' },
    ]);
    expect(serverDetails(failure(400, 'Bad Request'))).toEqual([]);
    expect(serverDetails(new Error('offline'))).toEqual([]);
  });
});

describe('sentence', () => {
  it('starts a server message with a capital', () => {
    expect(sentence('must be after startsAt')).toBe('Must be after startsAt');
    expect(sentence('Already a sentence')).toBe('Already a sentence');
    expect(sentence('')).toBe('');
  });
});

describe('applyServerErrors', () => {
  function contactForm() {
    return new FormGroup({
      email: new FormControl(''),
      phone: new FormControl(''),
      windows: new FormGroup({ monday: new FormControl('') }),
    });
  }

  it('puts 400 field errors on their controls, marked touched, with nothing left for the form', () => {
    const form = contactForm();
    expect(applyServerErrors(form, VALIDATION)).toBeNull();
    expect(form.controls.email.errors).toEqual({ server: 'must be an email' });
    expect(form.controls.email.touched).toBe(true);
    expect(form.controls.phone.errors).toEqual({ server: 'must be a phone number' });
  });

  it('puts 422 rule errors on controls too, through the field map', () => {
    const form = contactForm();
    expect(applyServerErrors(form, RULE, { 'weekly.0': 'windows.monday' })).toBeNull();
    expect(form.controls.windows.controls.monday.errors).toEqual({
      server: 'Monday 07:00–12:00 is outside the clinic’s working hours',
    });
  });

  it('marks the field a conflict names and keeps the conflict’s own message for the form', () => {
    const form = contactForm();
    expect(applyServerErrors(form, TAKEN)).toBe('An account with this email already exists');
    expect(form.controls.email.errors).toEqual({ server: 'is already registered' });
  });

  it('answers the field errors without a control for the whole form', () => {
    const form = new FormGroup({ email: new FormControl('') });
    expect(applyServerErrors(form, VALIDATION)).toBe('must be a phone number');
    expect(form.controls.email.errors).toEqual({ server: 'must be an email' });
  });

  it('keeps a control’s own errors beside the server’s', () => {
    const form = contactForm();
    form.controls.email.setErrors({ required: true });
    applyServerErrors(form, VALIDATION);
    expect(form.controls.email.errors).toEqual({ required: true, server: 'must be an email' });
  });

  it('answers the error’s message when no field is named', () => {
    const form = contactForm();
    const unauthorized = failure(401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password' });
    expect(applyServerErrors(form, unauthorized)).toBe('Invalid email or password');
    expect(applyServerErrors(form, new Error('offline'))).toBe('Something went wrong. Please try again.');
    expect(form.controls.email.errors).toBeNull();
  });
});
