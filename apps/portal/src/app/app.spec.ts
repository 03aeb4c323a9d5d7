import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { App } from './app';

@Component({ selector: 'cb-probe', template: '<p>probe page</p>' })
class Probe {}

describe('App', () => {
  it('renders the routed page', async () => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([{ path: 'probe', component: Probe }])],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/probe');
    expect(harness.routeNativeElement?.textContent).toContain('probe page');
  });

  it('shows the page to a returning person only once the first navigation, redirects included, has ended', async () => {
    const root = document.documentElement;
    root.classList.add('cb-returning');
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter([
          { path: '', pathMatch: 'full', canActivate: [() => TestBed.inject(Router).parseUrl('/probe')], children: [] },
          { path: 'probe', component: Probe },
        ]),
      ],
    });
    const fixture = TestBed.createComponent(App);
    const router = TestBed.inject(Router);
    const navigation = router.navigateByUrl('/');
    expect(root.classList).toContain('cb-returning');
    await navigation;
    await fixture.whenStable();
    expect(router.url).toBe('/probe');
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('probe page');
    expect(root.classList).not.toContain('cb-returning');
  });
});
