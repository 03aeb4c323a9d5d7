import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
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
});
