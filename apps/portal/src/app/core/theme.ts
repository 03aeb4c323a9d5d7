import { DOCUMENT, Injectable, PLATFORM_ID, effect, inject, signal } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';

export type ColorScheme = 'light' | 'dark';
const KEY = 'carebook.colorScheme';

function initialScheme(): ColorScheme {
  const stored = localStorage.getItem(KEY);
  if (stored === 'light' || stored === 'dark') {
    return stored;
  }
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Light or dark, remembered per browser; applied through `color-scheme` on <html>, which the theme follows. */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  /**
   * The build's prerender of `/` has no stored choice and no screen: it leaves <html> to `color-scheme: light dark`
   * (index.html), which already follows the system, and the browser applies the remembered choice when it starts.
   */
  private readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  readonly scheme = signal<ColorScheme>(this.browser ? initialScheme() : 'light');

  constructor() {
    effect(() => {
      if (!this.browser) return;
      const scheme = this.scheme();
      this.document.documentElement.style.colorScheme = scheme;
      localStorage.setItem(KEY, scheme);
    });
  }

  toggle(): void {
    this.scheme.update((scheme) => (scheme === 'dark' ? 'light' : 'dark'));
  }
}
