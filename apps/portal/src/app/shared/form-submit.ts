import { signal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import type { Observable } from 'rxjs';
import { applyServerErrors } from '../core/api-error';

/**
 * A form's sending: refuses while one is in flight or the form is invalid (showing its problems), and puts the
 * server's field errors on the fields and the rest in `error`.
 */
export class FormSubmit {
  readonly busy = signal(false);
  /** What to say above the form. */
  readonly error = signal<string | null>(null);

  run<T>(form: FormGroup, request: () => Observable<T>, done: (answer: T) => void, failed?: (error: unknown) => void): void {
    if (this.busy()) return;
    form.markAllAsTouched();
    if (form.invalid) return;
    this.busy.set(true);
    this.error.set(null);
    request().subscribe({
      next: (answer) => {
        this.busy.set(false);
        done(answer);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(applyServerErrors(form, error));
        failed?.(error);
      },
    });
  }
}
