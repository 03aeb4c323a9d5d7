import { DOCUMENT } from '@angular/common';
import { ApplicationRef, ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type Event,
  NavigationCancel,
  NavigationCancellationCode,
  NavigationEnd,
  NavigationError,
  Router,
  RouterOutlet,
} from '@angular/router';
import { filter, take } from 'rxjs';
import { Theme } from './core/theme';

/** The first navigation has settled: ended, failed, or cancelled other than by a guard's redirect (which goes on). */
const settled = (e: Event) =>
  e instanceof NavigationEnd ||
  e instanceof NavigationError ||
  (e instanceof NavigationCancel && e.code !== NavigationCancellationCode.Redirect);

@Component({
  selector: 'cb-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  // Created here so the saved colour scheme applies on every page, signed in or not.
  protected readonly theme = inject(Theme);

  constructor() {
    // index.html hides the prerendered welcome page from someone signed in (class `cb-returning`) until the app
    // has sent them home and hydration has cleared the welcome page away.
    const root = inject(DOCUMENT).documentElement;
    const app = inject(ApplicationRef);
    inject(Router)
      .events.pipe(filter(settled), take(1), takeUntilDestroyed())
      .subscribe(() => void app.whenStable().then(() => root.classList.remove('cb-returning')));
  }
}
