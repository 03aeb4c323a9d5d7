import { ChangeDetectorRef, effect, inject } from '@angular/core';
import type { AbstractControl } from '@angular/forms';

/**
 * For an OnPush field component given its control: submitting marks the control touched and the server may set
 * errors on it, outside the field's template; show them. Call where inject() works.
 */
export function checkOnControlEvents(control: () => AbstractControl): void {
  const changes = inject(ChangeDetectorRef);
  effect((onCleanup) => {
    const subscription = control().events.subscribe(() => changes.markForCheck());
    onCleanup(() => subscription.unsubscribe());
  });
}
