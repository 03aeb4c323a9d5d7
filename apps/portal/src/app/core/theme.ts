import { DOCUMENT, Injectable, effect, inject, signal } from '@angular/core';

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
  readonly scheme = signal<ColorScheme>(initialScheme());

  constructor() {
    effect(() => {
      const scheme = this.scheme();
      this.document.documentElement.style.colorScheme = scheme;
      localStorage.setItem(KEY, scheme);
    });
  }

  toggle(): void {
    this.scheme.update((scheme) => (scheme === 'dark' ? 'light' : 'dark'));
  }
}
