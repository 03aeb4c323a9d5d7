import { BreakpointObserver } from '@angular/cdk/layout';
import { Signal, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { map } from 'rxjs';

/**
 * Whether the window matches a media query such as '(min-width: 960px)', kept up to date as it
 * is resized; for layouts that change shape (a table on desktop, cards on a phone). Call it where
 * inject() works (a field initialiser).
 */
export function matchesMedia(query: string): Signal<boolean> {
  const breakpoints = inject(BreakpointObserver);
  return toSignal(breakpoints.observe(query).pipe(map((state) => state.matches)), {
    initialValue: breakpoints.isMatched(query),
  });
}
